"""Who gets in: inviting a colleague (/uitnodigen)."""
