"""The administrator's changes (organisations, staff, VDAB's files): re-checked, then audited."""
