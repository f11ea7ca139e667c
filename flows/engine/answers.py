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
    except _UNFIT as error:
        raise AnswersUnreadable(f"{kind.__name__}: {error}") from error


def _dump(value: object) -> object:
    kind = type(value)
    if kind in _SCALARS:  # most fields: checked first, by exact type
        return value
    if kind is not type and dataclasses.is_dataclass(kind):
        return {name: _dump(getattr(value, name)) for name in _field_names(kind)}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_dump(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _dump(item) for key, item in value.items()}
    if isinstance(value, str | int | float | bool):
        return value
    raise TypeError(f"cannot store {type(value).__name__} in answers")


@cache
def _field_names(kind: type) -> tuple[str, ...]:
    return tuple(field.name for field in dataclasses.fields(kind))


_SCALARS = frozenset((str, int, float, bool, type(None)))
Loader = typing.Callable[[object], object]


def _load(kind: Any, data: object) -> object:
    return _loader(kind)(data)


@cache
def _loader(kind: Any) -> Loader:
    """A loader for `kind`, worked out once per type: a session's answers load on every turn."""
    origin = typing.get_origin(kind)
    if origin in (Union, types.UnionType):
        return _union(kind)
    if origin in (list, tuple):
        args = typing.get_args(kind)
        return _sequence(_loader(args[0] if args else Any), origin is list)
    if origin is dict:
        _, item = typing.get_args(kind) or (str, Any)
        return _mapping(_loader(item))
    if kind is Any:
        return _as_is
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        return _dataclass(kind)
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        return kind
    simple = _SIMPLE.get(kind)
    if simple is None:
        raise TypeError(f"answers cannot hold {kind}")
    return simple


def _union(kind: Any) -> Loader:
    members = typing.get_args(kind)
    optional = type(None) in members
    loaders = [_loader(member) for member in members if member is not type(None)]

    def load(data: object) -> object:
        if data is None and optional:
            return None
        for loader in loaders:
            try:
                return loader(data)
            except _UNFIT:
                continue
        raise ValueError(f"{data!r} fits none of {kind}")

    return load


def _sequence(item: Loader, as_list: bool) -> Loader:
    def load(data: object) -> object:
        if not isinstance(data, list):
            raise TypeError(f"expected a list, got {type(data).__name__}")
        items = [item(element) for element in data]
        return items if as_list else tuple(items)

    return load


def _mapping(item: Loader) -> Loader:
    def load(data: object) -> object:
        if not isinstance(data, dict):
            raise TypeError(f"expected an object, got {type(data).__name__}")
        return {str(key): item(element) for key, element in data.items()}

    return load


def _dataclass(kind: type) -> Loader:
    hints = typing.get_type_hints(kind)
    fields = [(f.name, _loader(hints[f.name])) for f in dataclasses.fields(kind) if f.init]

    def load(data: object) -> object:
        if not isinstance(data, dict):
            raise TypeError(f"expected an object for {kind.__name__}")
        return kind(**{name: loader(data[name]) for name, loader in fields if name in data})

    return load


def _as_is(data: object) -> object:
    return data


def _datetime(data: object) -> object:
    return datetime.fromisoformat(_text(data))


def _date(data: object) -> object:
    return date.fromisoformat(_text(data))


def _bool(data: object) -> object:
    if not isinstance(data, bool):
        raise TypeError(f"expected a bool, got {data!r}")
    return data


def _int(data: object) -> object:
    if isinstance(data, bool) or not isinstance(data, int):
        raise TypeError(f"expected an int, got {data!r}")
    return data


def _float(data: object) -> object:
    if isinstance(data, bool) or not isinstance(data, int | float):
        raise TypeError(f"expected a number, got {data!r}")
    return float(data)


def _text(data: object) -> str:
    if not isinstance(data, str):
        raise TypeError(f"expected a string, got {data!r}")
    return data


_UNFIT = (TypeError, ValueError, KeyError, AttributeError)
_SIMPLE: dict[Any, Loader] = {
    datetime: _datetime,
    date: _date,
    bool: _bool,
    int: _int,
    float: _float,
    str: _text,
}
