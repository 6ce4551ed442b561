"""Declarative base with a naming convention, so every constraint has a stable name for Alembic batch mode.

Each mapped class names the area it belongs to (`class Goal(Base, area=Area.GOALS)`); the area is kept in the
table's `info`, where the edit commands read it to tell screens what changed.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import DateTime, Dialect, Index, MetaData, PrimaryKeyConstraint, Table, TypeDecorator, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase

from models.areas import Area

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)

    def __init_subclass__(cls, area: Area | None = None, **kw: Any) -> None:
        super().__init_subclass__(**kw)
        if area is not None:
            cls.__table__.info["area"] = area
        _index_links(cls.__table__)


def _index_links(table: Table) -> None:
    """Index every foreign key and `position` column that no key already leads with.

    Without them each delete makes SQLite scan the child tables for its ON DELETE actions, and each list read
    sorts by position."""
    led = {next(iter(key.columns)).name for key in table.constraints
           if isinstance(key, PrimaryKeyConstraint | UniqueConstraint) and len(key.columns)}
    led |= {next(iter(index.columns)).name for index in table.indexes if len(index.columns)}
    for column in table.columns:
        if (column.foreign_keys or column.name == "position") and column.name not in led:
            Index(None, column)


class UtcDateTime(TypeDecorator[dt.datetime]):
    """A moment (a signature, an audit event): stored as UTC without an offset, read back in UTC.

    A moment without a time zone is refused, so a local time can never be stored beside UTC ones and be taken
    for one of them when a signature's order or age is checked."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("a moment must carry its time zone, e.g. datetime.now(datetime.UTC)")
        return value.astimezone(dt.UTC).replace(tzinfo=None)

    def process_result_value(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        return None if value is None else value.replace(tzinfo=dt.UTC)
