"""What flows need from storage, as narrow Protocols: storage implements them."""
