"""The command protocol, the change set screens refresh on, and generic row commands every area builds on.

Commands work on tables (SQLAlchemy Core) so one implementation of insert, update and delete serves every
entity, and a delete can put back exactly what the database removed or nulled along with the row.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from typing import Any, Protocol

from sqlalchemy import Table, and_, delete, func, insert, select, update
from sqlalchemy.orm import Session

from models import Base

PK = tuple[Any, ...]


@dataclass(frozen=True)
class Changes:
    """Which areas an edit touched; screens refresh only for the flags they show."""

    workshop: bool = False
    departments: bool = False
    participants: bool = False
    ground_rules: bool = False
    agenda: bool = False
    rivalries: bool = False
    needs: bool = False
    challenges: bool = False
    goals: bool = False
    personas: bool = False
    roles: bool = False
    sla: bool = False
    actions: bool = False
    parking_lot: bool = False
    reviews: bool = False

    def __or__(self, other: Changes) -> Changes:
        return Changes(**{f.name: getattr(self, f.name) or getattr(other, f.name) for f in fields(self)})

    def any(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))

    @classmethod
    def for_tables(cls, names: Sequence[str]) -> Changes:
        return cls(**{TABLE_AREAS[name]: True for name in names if name in TABLE_AREAS})


TABLE_AREAS: dict[str, str] = {
    "workshop": "workshop", "department": "departments", "participant": "participants",
    "ground_rule": "ground_rules", "agenda_item": "agenda", "rivalry": "rivalries", "need": "needs",
    "theme": "challenges", "challenge": "challenges", "vote": "challenges", "goal": "goals",
    "goal_owner": "goals", "persona": "personas", "persona_owner": "personas", "activity": "roles",
    "raci_assignment": "roles", "meeting": "roles", "sla_version": "sla", "sla_clause": "sla",
    "funnel_stage": "sla", "scoring_rule": "sla", "commitment": "sla", "signature": "sla",
    "audit_event": "sla", "action": "actions", "parking_lot_item": "parking_lot", "review": "reviews",
    "kpi_reading": "reviews", "commitment_reading": "reviews", "action_review": "reviews",
}


class Command(Protocol):
    label: str

    def apply(self, session: Session) -> Changes: ...

    def revert(self, session: Session) -> Changes: ...


def table_of(entity: type[Base] | Table) -> Table:
    return entity if isinstance(entity, Table) else entity.__table__  # type: ignore[return-value]


def _pk_clause(table: Table, pk: PK) -> Any:
    return and_(*(col == value for col, value in zip(table.primary_key.columns, pk, strict=True)))


class Ref:
    """A primary key another command of the same macro creates; resolved when the macro runs."""

    def __init__(self, command: InsertRow | EnsureDepartment) -> None:
        self.command = command

    def value(self) -> Any:
        pk = self.command.pk
        if pk is None:
            raise RuntimeError("referenced row has not been created yet")
        return pk[0]


def _resolve(values: Mapping[str, Any]) -> dict[str, Any]:
    return {key: (val.value() if isinstance(val, Ref) else val) for key, val in values.items()}


class InsertRow:
    """Add one row; redo re-creates it with the same key so later commands still point at it."""

    def __init__(self, entity: type[Base] | Table, values: Mapping[str, Any], *, label: str) -> None:
        self.table = table_of(entity)
        self.values = dict(values)
        self.label = label
        self.pk: PK | None = None
        self._row: dict[str, Any] | None = None

    def apply(self, session: Session) -> Changes:
        if self._row is None:
            row = _resolve(self.values)
            if "position" in self.table.c and "position" not in row:
                row["position"] = session.scalar(select(func.coalesce(func.max(self.table.c.position), -1))) + 1
            result = session.execute(insert(self.table).values(**row))
            self.pk = tuple(result.inserted_primary_key)
            self._row = dict(session.execute(
                select(self.table).where(_pk_clause(self.table, self.pk))).mappings().one())
        else:
            session.execute(insert(self.table).values(**self._row))
        return Changes.for_tables([self.table.name])

    def revert(self, session: Session) -> Changes:
        assert self.pk is not None
        session.execute(delete(self.table).where(_pk_clause(self.table, self.pk)))
        return Changes.for_tables([self.table.name])


class UpdateRow:
    """Set some columns of one row, remembering what they were the first time it ran."""

    def __init__(self, entity: type[Base] | Table, pk: PK, new: Mapping[str, Any], *, label: str,
                 merge_key: object | None = None) -> None:
        self.table = table_of(entity)
        self.pk = pk
        self.new = dict(new)
        self.label = label
        self.merge_key = merge_key
        self.old: dict[str, Any] | None = None

    def apply(self, session: Session) -> Changes:
        new = _resolve(self.new)
        if self.old is None:
            cols = [self.table.c[name] for name in new]
            current = session.execute(select(*cols).where(_pk_clause(self.table, self.pk))).mappings().one()
            self.old = dict(current)
        session.execute(update(self.table).where(_pk_clause(self.table, self.pk)).values(**new))
        return Changes.for_tables([self.table.name])

    def revert(self, session: Session) -> Changes:
        assert self.old is not None
        session.execute(update(self.table).where(_pk_clause(self.table, self.pk)).values(**self.old))
        return Changes.for_tables([self.table.name])

    def merge(self, other: object) -> bool:
        """Fold a later edit of the same field, made in the same typing burst, into this one."""
        if not (isinstance(other, UpdateRow) and self.merge_key is not None and other.merge_key == self.merge_key
                and other.table is self.table and other.pk == self.pk and other.new.keys() == self.new.keys()):
            return False
        self.new = dict(other.new)
        return True


class DeleteRow:
    """Delete one row; undo restores it and everything the foreign keys cascaded or set to NULL."""

    def __init__(self, entity: type[Base] | Table, pk: PK, *, label: str) -> None:
        self.table = table_of(entity)
        self.pk = pk
        self.label = label
        self._saved: list[tuple[Table, dict[str, Any]]] = []

    def apply(self, session: Session) -> Changes:
        self._saved = _capture(session, self.table, self.pk)
        session.execute(delete(self.table).where(_pk_clause(self.table, self.pk)))
        return Changes.for_tables([t.name for t, _ in self._saved])

    def revert(self, session: Session) -> Changes:
        for table, row in self._saved:
            pk = tuple(row[c.name] for c in table.primary_key.columns)
            exists = session.execute(select(func.count()).select_from(table).where(_pk_clause(table, pk))).scalar()
            if exists:
                session.execute(update(table).where(_pk_clause(table, pk)).values(**row))
            else:
                session.execute(insert(table).values(**row))
        return Changes.for_tables([t.name for t, _ in self._saved])


def _capture(session: Session, table: Table, pk: PK) -> list[tuple[Table, dict[str, Any]]]:
    """The row and every row that points at it, parents first, as the delete would change them."""
    row = session.execute(select(table).where(_pk_clause(table, pk))).mappings().one()
    saved: list[tuple[Table, dict[str, Any]]] = [(table, dict(row))]
    for other in Base.metadata.sorted_tables:
        for fk in other.foreign_keys:
            if fk.column.table is not table:
                continue
            dependents = session.execute(select(other).where(fk.parent == row[fk.column.name])).mappings().all()
            for dep in dependents:
                dep_pk = tuple(dep[c.name] for c in other.primary_key.columns)
                if (fk.ondelete or "").upper() == "CASCADE":
                    saved.extend(_capture(session, other, dep_pk))
                else:
                    saved.append((other, dict(dep)))
    return saved


class EnsureDepartment:
    """Find a department by name (case-insensitive), creating it if the room just named a new one."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.label = f"Add department {name}"
        self.pk: PK | None = None
        self._created: InsertRow | None = None

    def apply(self, session: Session) -> Changes:
        from models import Department

        if self._created is not None:
            return self._created.apply(session)
        found = session.scalar(select(Department.id).where(func.lower(Department.name) == self.name.lower()))
        if found is not None:
            self.pk = (found,)
            return Changes()
        self._created = InsertRow(Department, {"name": self.name}, label=self.label)
        changes = self._created.apply(session)
        self.pk = self._created.pk
        return changes

    def revert(self, session: Session) -> Changes:
        return self._created.revert(session) if self._created is not None else Changes()


class Macro:
    """Several commands as one undo step; reverted in reverse order."""

    def __init__(self, label: str, children: Sequence[Command]) -> None:
        self.label = label
        self.children = list(children)

    def apply(self, session: Session) -> Changes:
        changes = Changes()
        for child in self.children:
            changes = changes | child.apply(session)
        return changes

    def revert(self, session: Session) -> Changes:
        changes = Changes()
        for child in reversed(self.children):
            changes = changes | child.revert(session)
        return changes
