"""Persistence: SQLAlchemy 2 models, queries and Alembic migrations. The floor: imports nothing of ours."""
