"""Dialect-aware INSERT ... ON CONFLICT, for SQLite and PostgreSQL; statements that report what they changed."""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import CursorResult, Executable, Insert, literal_column
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from storage.models import Base


def insert_for(session: Session, model: type[Base]) -> Any:
    """An `insert()` construct of the session's dialect, which has `on_conflict_do_update`."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        return postgresql.insert(model)
    if dialect == "sqlite":
        return sqlite.insert(model)
    raise NotImplementedError(f"no upsert for database dialect {dialect!r}")


def changed(session: Session, statement: Executable) -> bool:
    """Execute an INSERT (ON CONFLICT DO NOTHING), UPDATE or DELETE; whether it touched a row. An insert
    says so by returning a row: psycopg reports no row count for it."""
    if isinstance(statement, Insert):
        return session.execute(statement.returning(literal_column("1"))).first() is not None
    result = session.execute(statement, execution_options={"synchronize_session": False})
    return bool(cast(CursorResult[Any], result).rowcount)
