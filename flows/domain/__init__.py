"""Domain values, the pure rules of both handbooks and their official wording (no engine)."""
