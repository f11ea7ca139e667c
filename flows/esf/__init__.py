"""ESF ondersteuning alternerend leren (part B): /esf, the ESF overview, removal requests."""
