"""A flow's typed answers to and from the session's JSON: the one place they are converted.

Answers are dataclasses whose fields are JSON values, dates, datetimes, enums, tuples, lists,
nested dataclasses, or optional ones of those. Stored data that no longer fits the class (a
session written by an older release whose answers changed shape) raises `AnswersUnreadable`.
A field missing from stored data takes its default; an unknown stored key is ignored.
"""

from __future__ import annotations

import dataclasses
import enum
import types
import typing
from datetime import date, datetime
from functools import cache
from typing import Any, TypeVar, Union

T = TypeVar("T")


class AnswersUnreadable(Exception):
    """Stored answers do not fit the flow's answers type (any more)."""


def dump(answers: object) -> dict[str, Any]:
    """The answers as a JSON object."""
    if isinstance(answers, dict):
        return dict(answers)
    value = _dump(answers)
    assert isinstance(value, dict)
    return value


def load(kind: type[T], data: dict[str, Any]) -> T:
    """Answers of `kind` from a JSON object; `AnswersUnreadable` when they do not fit."""
    if kind is dict:
        return typing.cast(T, dict(data))
    try:
        return typing.cast(T, _load(kind, data))
    except (TypeError, ValueError, KeyError, AttributeError) as error:
        raise AnswersUnreadable(f"{kind.__name__}: {error}") from error


def _dump(value: object) -> object:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _dump(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_dump(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _dump(item) for key, item in value.items()}
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise TypeError(f"cannot store {type(value).__name__} in answers")


@cache
def _hints(kind: type) -> dict[str, Any]:
    return typing.get_type_hints(kind)


def _load(kind: Any, data: object) -> object:
    origin = typing.get_origin(kind)
    if origin in (Union, types.UnionType):
        members = typing.get_args(kind)
        if data is None and type(None) in members:
            return None
        for member in (m for m in members if m is not type(None)):
            try:
                return _load(member, data)
            except (TypeError, ValueError, KeyError, AttributeError):
                continue
        raise ValueError(f"{data!r} fits none of {kind}")
    if origin in (list, tuple):
        if not isinstance(data, list):
            raise TypeError(f"expected a list, got {type(data).__name__}")
        args = typing.get_args(kind)
        item = args[0] if args else Any
        items = [_load(item, element) for element in data]
        return items if origin is list else tuple(items)
    if origin is dict:
        if not isinstance(data, dict):
            raise TypeError(f"expected an object, got {type(data).__name__}")
        _, item = typing.get_args(kind) or (str, Any)
        return {str(key): _load(item, element) for key, element in data.items()}
    if kind is Any:
        return data
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        if not isinstance(data, dict):
            raise TypeError(f"expected an object for {kind.__name__}")
        hints = _hints(kind)
        values = {
            f.name: _load(hints[f.name], data[f.name])
            for f in dataclasses.fields(kind)
            if f.init and f.name in data
        }
        return kind(**values)
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        return kind(data)
    if kind is datetime:
        return datetime.fromisoformat(_text(data))
    if kind is date:
        return date.fromisoformat(_text(data))
    if kind is bool:
        if not isinstance(data, bool):
            raise TypeError(f"expected a bool, got {data!r}")
        return data
    if kind is int:
        if isinstance(data, bool) or not isinstance(data, int):
            raise TypeError(f"expected an int, got {data!r}")
        return data
    if kind is float:
        if isinstance(data, bool) or not isinstance(data, int | float):
            raise TypeError(f"expected a number, got {data!r}")
        return float(data)
    if kind is str:
        return _text(data)
    raise TypeError(f"answers cannot hold {kind}")


def _text(data: object) -> str:
    if not isinstance(data, str):
        raise TypeError(f"expected a string, got {data!r}")
    return data
