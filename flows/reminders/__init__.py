"""Reminders (issue 15): the sweep that finds them due, their message, and their buttons."""
