"""Conversation engine, flows and domain rules; knows neither Telegram nor SQLAlchemy."""
