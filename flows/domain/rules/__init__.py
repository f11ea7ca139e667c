"""Pure domain rules: parsing and checking what a user typed, without I/O."""
