"""The command protocol, the change set screens refresh on, and generic row commands every area builds on.

Commands work on tables (SQLAlchemy Core) so one implementation of insert, update and delete serves every
entity, and a delete can put back exactly what the database removed or nulled along with the row.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

from sqlalchemy import Table, and_, delete, func, insert, select, update

from models.areas import Area, area_of

if TYPE_CHECKING:  # the ORM stays off the start-up path: commands are Core statements run in a Session
    from sqlalchemy.orm import Session

    from models import Base

PK = tuple[Any, ...]


class Changes(NamedTuple):
    """What an edit touched: the areas (screens refresh only for those they show) and the rows, by table and key,
    so a screen can update just those rows instead of reloading everything."""

    areas: Area = Area.NONE
    rows: frozenset[tuple[str, PK]] = frozenset()

    def __or__(self, other: Changes) -> Changes:
        return Changes(self.areas | other.areas, self.rows | other.rows)

    def touches(self, areas: Area) -> bool:
        return bool(self.areas & areas)

    def ids(self, table: str) -> set[Any]:
        """The keys of the touched rows of `table` (single-column keys)."""
        return {pk[0] for name, pk in self.rows if name == table}

    def only_rows_of(self, table: str) -> bool:
        """True when nothing but rows of `table` changed, so a list of them can be updated row by row."""
        return bool(self.rows) and all(name == table for name, _ in self.rows)

    @classmethod
    def of_rows(cls, table: Table, pks: Sequence[PK]) -> Changes:
        return cls(area_of(table), frozenset((table.name, tuple(pk)) for pk in pks))


# What a screen shows the first time, or after something it cannot follow row by row.
EVERYTHING = Changes(~Area.NONE)


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
        return Changes.of_rows(self.table, [self.pk])

    def revert(self, session: Session) -> Changes:
        assert self.pk is not None
        session.execute(delete(self.table).where(_pk_clause(self.table, self.pk)))
        return Changes.of_rows(self.table, [self.pk])


class UpdateRow:
    """Set some columns of one row, remembering what they were the first time it ran."""

    def __init__(self, entity: type[Base] | Table, pk: PK, new: Mapping[str, Any], *, label: str,
                 merge_key: object | None = None, area: Area | None = None) -> None:
        self.table = table_of(entity)
        self.pk = pk
        self.new = dict(new)
        self.label = label
        self.merge_key = merge_key
        # A setting of the workshop that only one step shows (dots per person, the target market) reports that
        # step's area, so that step refreshes and undo shows it there rather than in Setup.
        self.area = area
        self.old: dict[str, Any] | None = None

    def _changes(self) -> Changes:
        changes = Changes.of_rows(self.table, [self.pk])
        return changes if self.area is None else Changes(self.area, changes.rows)

    def apply(self, session: Session) -> Changes:
        new = _resolve(self.new)
        if self.old is None:
            cols = [self.table.c[name] for name in new]
            current = session.execute(select(*cols).where(_pk_clause(self.table, self.pk))).mappings().one()
            self.old = dict(current)
        session.execute(update(self.table).where(_pk_clause(self.table, self.pk)).values(**new))
        return self._changes()

    def revert(self, session: Session) -> Changes:
        assert self.old is not None
        session.execute(update(self.table).where(_pk_clause(self.table, self.pk)).values(**self.old))
        return self._changes()

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
        return _changes_of(self._saved)

    def revert(self, session: Session) -> Changes:
        for table, row in self._saved:
            pk = tuple(row[c.name] for c in table.primary_key.columns)
            exists = session.execute(select(func.count()).select_from(table).where(_pk_clause(table, pk))).scalar()
            if exists:
                session.execute(update(table).where(_pk_clause(table, pk)).values(**row))
            else:
                session.execute(insert(table).values(**row))
        return _changes_of(self._saved)


def _changes_of(saved: list[tuple[Table, dict[str, Any]]]) -> Changes:
    changes = Changes()
    for table, row in saved:
        changes = changes | Changes.of_rows(table, [tuple(row[c.name] for c in table.primary_key.columns)])
    return changes


def _capture(session: Session, table: Table, pk: PK) -> list[tuple[Table, dict[str, Any]]]:
    """The row and every row that points at it, parents first, as the delete would change them."""
    row = session.execute(select(table).where(_pk_clause(table, pk))).mappings().one()
    saved: list[tuple[Table, dict[str, Any]]] = [(table, dict(row))]
    from models import all_metadata

    for other in all_metadata().sorted_tables:
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
        # Folded in Python: SQLite's lower() folds ASCII only ("МАРКЕТИНГ" would become a second department).
        wanted = self.name.casefold()
        found = next((pk for pk, name in session.execute(select(Department.id, Department.name))
                      if name.casefold() == wanted), None)
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


def moved(ids: Sequence[Any], row_id: Any, delta: int) -> list[Any]:
    """`ids` with `row_id` moved `delta` places (clamped at either end)."""
    order = list(ids)
    at = order.index(row_id)
    to = max(0, min(len(order) - 1, at + delta))
    order.insert(to, order.pop(at))
    return order


class Reorder:
    """Put rows in a new order by handing round the positions they hold, so rows not in the list keep theirs."""

    def __init__(self, entity: type[Base] | Table, ids: Sequence[Any], *, label: str) -> None:
        self.table = table_of(entity)
        self.ids = list(ids)
        self.label = label
        self.old: dict[Any, int] | None = None

    def _set(self, session: Session, positions: Mapping[Any, int]) -> Changes:
        pk = self.table.primary_key.columns.values()[0]
        for row_id, position in positions.items():
            session.execute(update(self.table).where(pk == row_id).values(position=position))
        return Changes.of_rows(self.table, [(i,) for i in positions])

    def apply(self, session: Session) -> Changes:
        pk = self.table.primary_key.columns.values()[0]
        if self.old is None:
            self.old = dict(session.execute(select(pk, self.table.c.position).where(pk.in_(self.ids))).all())
        slots = sorted(self.old.values())
        if len(set(slots)) < len(slots):  # equal positions (an older file): spread them from the first
            slots = [slots[0] + i for i in range(len(slots))]
        return self._set(session, dict(zip(self.ids, slots, strict=True)))

    def revert(self, session: Session) -> Changes:
        assert self.old is not None
        return self._set(session, self.old)


def set_links(entity: type[Base] | Table, parent: tuple[str, Any], child: str, *, current: Iterable[Any],
              wanted: Iterable[Any], label: str) -> Macro:
    """The rows of a link table (a goal's owning departments, a persona's owners) made to match `wanted`."""
    table = table_of(entity)
    column, parent_id = parent
    key = [c.name for c in table.primary_key.columns]

    def pk(child_id: Any) -> PK:
        return tuple(parent_id if name == column else child_id for name in key)

    now, then = set(current), set(wanted)
    steps: list[Command] = [DeleteRow(table, pk(c), label="Remove link") for c in sorted(now - then)]
    steps += [InsertRow(table, {column: parent_id, child: c}, label="Add link") for c in sorted(then - now)]
    return Macro(label, steps)
