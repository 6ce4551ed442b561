"""What a user types, as every command reads it: text tidied, figures in the ways people write them, dates, choices
and references, and each refusal with the words the user sees."""
from __future__ import annotations

import datetime as dt

import pytest

from app.commands import fields as f
from app.errors import ValidationError

NAME = f.text("Name", max_len=20, required=True)
NOTES = f.text("Notes", max_len=40, multiline=True)
TARGET = f.number("Target")
DUE = f.date("Due date")
STATUS = f.choice("Status", ("open", "done"))
OWNER = f.reference("Owner")


@pytest.mark.parametrize(("typed", "stored"), [
    ("  Dana \t Ray ", "Dana Ray"),  # runs of spaces and tabs become one space
    ("Cafe\u0301", "Café"),  # composed (NFC), so the same name is stored one way
    ("A\x00B\x1fC\ufffe", "ABC"),  # characters no export can carry are dropped
    ("broken \ud800paste", "broken paste"),
    (12, "12"),
])
def test_text_is_tidied(typed: object, stored: str) -> None:
    assert NAME(typed) == stored


def test_multiline_text_keeps_its_lines() -> None:
    assert NOTES("  first line\n  second  line \n") == "first line\n  second  line"
    assert NOTES(None) == ""


def test_text_refusals_say_why() -> None:
    with pytest.raises(ValidationError, match=r"^Name cannot be empty\.$"):
        NAME("   ")
    with pytest.raises(ValidationError, match=r"^Name is too long \(21 characters; at most 20\)\.$"):
        NAME("A" * 21)
    assert NAME("A" * 20) == "A" * 20  # exactly the limit is fine
    assert f.text("Title")("") == ""  # not required: empty is allowed


@pytest.mark.parametrize(("typed", "value"), [
    ("1200", 1200.0), ("1,200", 1200.0), ("1,200,000.5", 1200000.5), ("12.5", 12.5), ("12,5", 12.5),
    ("15%", 15.0), (" 1 200 ", 1200.0), ("1\u00a0200", 1200.0), ("-3", -3.0), ("+4", 4.0), (7, 7.0), (2.5, 2.5),
    ("", None), ("  ", None), (None, None),
])
def test_numbers_are_read_as_people_write_them(typed: object, value: float | None) -> None:
    assert TARGET(typed) == value


@pytest.mark.parametrize("typed", ["a lot", "1.2.3", "12,50,0", True])  # True: a checkbox value is no figure
def test_a_number_that_is_not_one_is_refused(typed: object) -> None:
    with pytest.raises(ValidationError, match=r"^Target must be a number, such as 1200 or 12\.5\.$"):
        TARGET(typed)


@pytest.mark.parametrize("typed", ["inf", "nan", float("inf")])
def test_a_number_must_be_finite(typed: object) -> None:
    with pytest.raises(ValidationError, match=r"^Target must be a finite number\.$"):
        TARGET(typed)


def test_dates() -> None:
    assert DUE("2026-03-31") == dt.date(2026, 3, 31)
    assert DUE(" 2026-03-31 ") == dt.date(2026, 3, 31)
    assert DUE(dt.date(2026, 1, 2)) == dt.date(2026, 1, 2)
    assert DUE(dt.datetime(2026, 1, 2, 15, 30)) == dt.date(2026, 1, 2)
    assert DUE("") is None and DUE(None) is None
    for typed in ("next Tuesday", "2026-02-30", "31/03/2026"):
        with pytest.raises(ValidationError, match=r"^Due date must be a date such as 2026-03-31\.$"):
            DUE(typed)


def test_choices_and_flags() -> None:
    assert STATUS(" Done ") == "done"
    with pytest.raises(ValidationError, match=r"^Status must be one of: open, done\.$"):
        STATUS("finished")
    assert f.flag("Signs")(1) is True and f.flag("Signs")(0) is False


def test_references_treat_zero_and_empty_as_none() -> None:
    assert [OWNER(v) for v in (None, "", 0, 7, "7")] == [None, None, None, 7, 7]


def test_fields_not_editable_are_refused_by_name() -> None:
    specs = {"name": NAME, "target": TARGET}
    assert f.parse_fields(specs, {"name": " Dana ", "target": "1,200"}) == {"name": "Dana", "target": 1200.0}
    with pytest.raises(ValueError, match=r"^not editable here: id, owner$"):
        f.parse_fields(specs, {"name": "Dana", "owner": 1, "id": 3})
