"""Storage: SQLModel tables, repositories implementing domain ports, the unit of work."""
