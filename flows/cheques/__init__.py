"""Loopbaancheques (part A): /cheque, /gesprek, /dossier and the changes they make."""
