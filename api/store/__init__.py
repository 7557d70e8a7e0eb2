"""Persistence: SQLAlchemy 2 models, sessions, repositories; Alembic migrations in api/migrations."""
