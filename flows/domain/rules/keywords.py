"""What a typed trefwoord (A1.3) means: a number, a date, an amount, a type gesprek, or text."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from flows.domain.cheques import GesprekType
from flows.domain.errors import Refusal
from flows.domain.rules.dates import fmt, parse_ddmmyyyy
from flows.domain.rules.money import fmt_euro

_DATE = re.compile(r"^\d{1,2}[/.-]\d{1,2}[/.-]\d+$")
# € 140,26 · 140,26 · 140.26 · 1.234,56 · 1234,5 · €140 · 140 euro · 140 EUR
_AMOUNT = re.compile(
    r"^(?:€\s*)?(?P<value>\d{1,3}(?:\.\d{3})+(?:,\d{1,2})?|\d+[.,]\d{1,2}|\d+)"
    r"(?:\s*(?:€|euro|eur))?$"
)
_NUMBER = re.compile(r"^\d[\d\s/.\-]*$")
_TYPE_WORDS: dict[GesprekType, tuple[str, ...]] = {
    GesprekType.INTAKE: ("intake", "intakegesprek", "intake gesprek"),
    GesprekType.VERDIEPING: ("verdieping", "verdiepingsgesprek", "verdiepend gesprek"),
    GesprekType.SYNTHESE: ("synthese", "synthesegesprek"),
    GesprekType.NAZORG: ("nazorg", "nazorggesprek"),
    GesprekType.STOPZETTING: ("stopzetting", "stopzetting van de begeleiding", "stopgezet"),
}


def normalise(text: str) -> str:
    """Fold case and accents and collapse spaces, so `Dieën` and `dieen` find each other."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())


@dataclass(frozen=True)
class NumberKeyword:
    """Digits: a chequenummer or a klantnummer (exact, separators stripped)."""

    digits: str


@dataclass(frozen=True)
class DateKeyword:
    """A date dd/mm/jjjj: a gesprek on that day."""

    day: date


@dataclass(frozen=True)
class AmountKeyword:
    """An amount in euro: a paid gesprek worth exactly that."""

    amount: Decimal


@dataclass(frozen=True)
class TypeKeyword:
    """A type of gesprek, by its name or label."""

    type: GesprekType


@dataclass(frozen=True)
class TextKeyword:
    """Anything else: part of the client's name or of a begeleider's name (normalised)."""

    text: str


Keyword = NumberKeyword | DateKeyword | AmountKeyword | TypeKeyword | TextKeyword


def classify(term: str) -> Keyword:
    """Read a trefwoord; a date that does not exist is refused with the reason."""
    plain = " ".join(term.split())
    if not plain:
        raise Refusal("Typ een trefwoord.")
    if _DATE.match(plain):
        return DateKeyword(parse_ddmmyyyy(plain))
    lowered = plain.lower()
    money = _AMOUNT.match(lowered)
    if money and ("€" in lowered or "eur" in lowered or "," in lowered or _has_cents(lowered)):
        return AmountKeyword(_amount(money.group("value")))
    if _NUMBER.match(plain):
        digits = re.sub(r"[\s/.\-]", "", plain)
        if len(digits) <= 20:
            return NumberKeyword(digits)
    text = normalise(plain)
    for kind, words in _TYPE_WORDS.items():
        if text in words:
            return TypeKeyword(kind)
    return TextKeyword(text)


def _has_cents(text: str) -> bool:
    """`140.26` is an amount; `100.200.300` (a chequenummer with dots) is not."""
    return re.fullmatch(r"\d+\.\d{1,2}", text) is not None


def _amount(value: str) -> Decimal:
    if "," in value:
        value = value.replace(".", "").replace(",", ".")
    elif value.count(".") > 1 or re.fullmatch(r"\d{1,3}(\.\d{3})+", value):
        value = value.replace(".", "")
    try:
        return Decimal(value).quantize(Decimal("0.01"))
    except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
        raise Refusal(f"{value} is geen bedrag.") from None


def describe(keyword: Keyword) -> str:
    """How the overview says what it searched for."""
    if isinstance(keyword, NumberKeyword):
        return f"chequenummer of klantnummer {keyword.digits}"
    if isinstance(keyword, DateKeyword):
        return f"een gesprek op {fmt(keyword.day)}"
    if isinstance(keyword, AmountKeyword):
        return f"een gesprek van {fmt_euro(keyword.amount)}"
    if isinstance(keyword, TypeKeyword):
        return keyword.type.label.lower()
    return f"naam of begeleider met ‘{keyword.text}’"
