"""SQLAlchemy implementations of the ports in flows.ports; none of them commits."""
