"""Overviews of a loopbaancentrum (A1–A3): /overzicht, /financieel and their downloads."""
