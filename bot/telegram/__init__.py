"""The Telegram channel on python-telegram-bot: parse updates, call the engine, render replies."""
