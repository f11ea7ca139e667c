"""Stored values with the Dutch label a user sees, named once, side by side."""

from __future__ import annotations

import enum
from typing import Self


class Labelled(enum.StrEnum):
    """A StrEnum whose members are `(value, label)`: the value is stored, the label shown."""

    _value_: str
    label: str

    # `label` has a default only for type checkers: `Kind("value")` looks a member up by its
    # value (Enum's own lookup, not this method); every member names its label.
    def __new__(cls, value: str, label: str = "") -> Self:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member
