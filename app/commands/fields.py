"""Parsing and checking of what a user typed, before any command is made."""
from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Callable
from typing import Any

from app.errors import ValidationError

Parser = Callable[[Any], Any]

# Characters no file format we write can carry (XML 1.0 forbids them; the PDF and xlsx exports use XML).
# Control characters, non-characters and lone surrogates (a broken paste): none can be typed or stored.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def text(label: str, *, max_len: int = 200, required: bool = False, multiline: bool = False) -> Parser:
    def parse(value: Any) -> str:
        s = unicodedata.normalize("NFC", "" if value is None else str(value))
        s = _ILLEGAL.sub("", s)
        s = s.strip() if multiline else " ".join(s.split())
        if required and not s:
            raise ValidationError(f"{label} cannot be empty.")
        if len(s) > max_len:
            raise ValidationError(f"{label} is too long ({len(s)} characters; at most {max_len}).")
        return s
    return parse


def number(label: str) -> Parser:
    """A figure such as 1200, 1,200, 12.5 or 15%; empty means 'not set yet'."""
    def parse(value: Any) -> float | None:
        if value is None:
            return None
        if isinstance(value, int | float) and not isinstance(value, bool):
            f = float(value)
        else:
            s = str(value).strip().replace("\u00a0", "").replace(" ", "").rstrip("%")
            if not s:
                return None
            if re.fullmatch(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?", s):
                s = s.replace(",", "")
            elif re.fullmatch(r"[+-]?\d+,\d+", s):
                s = s.replace(",", ".")
            try:
                f = float(s)
            except ValueError:
                raise ValidationError(f"{label} must be a number, such as 1200 or 12.5.") from None
        if not math.isfinite(f):
            raise ValidationError(f"{label} must be a finite number.")
        return f
    return parse


def date(label: str) -> Parser:
    def parse(value: Any) -> dt.date | None:
        if value is None or value == "":
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value).strip())
        except ValueError:
            raise ValidationError(f"{label} must be a date such as 2026-03-31.") from None
    return parse


def flag(_label: str) -> Parser:
    return bool


def choice(label: str, options: tuple[str, ...]) -> Parser:
    def parse(value: Any) -> str:
        s = str(value).strip().lower()
        if s not in options:
            raise ValidationError(f"{label} must be one of: {', '.join(options)}.")
        return s
    return parse


def reference(_label: str) -> Parser:
    """An optional id of another row; 0 and None both mean 'none'."""
    def parse(value: Any) -> int | None:
        return int(value) if value not in (None, "", 0) else None
    return parse


def parse_fields(specs: dict[str, Parser], values: dict[str, Any]) -> dict[str, Any]:
    unknown = set(values) - set(specs)
    if unknown:
        raise ValueError(f"not editable here: {', '.join(sorted(unknown))}")
    return {key: specs[key](value) for key, value in values.items()}
