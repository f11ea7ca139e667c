"""Channels (console, later Telegram), wiring and the command line."""
