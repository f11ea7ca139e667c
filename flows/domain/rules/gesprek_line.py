"""One line that registers a gesprek (`100200300 gisteren 1u30 verdieping`): its parts, any order.

Pure: which words are the cheque's number, the date, the duur, the type and the vorm. Words left
over may be (part of) the client's name; the flow looks those up, and names back what it could
not place. Nothing is dropped: a part typed as a date or duur that cannot be one comes back
with the reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from flows.domain.cheques import GesprekType, GesprekVorm
from flows.domain.errors import Refusal
from flows.domain.rules.cheques import normalise_chequenummer
from flows.domain.rules.dates import read_date
from flows.domain.rules.duration import MAX_MINUTES, read_minutes

SHOWN = 30  # characters of a typed word quoted back
MAX_WORDS = 12  # a line longer than this is no gesprek: the rest is named back, never read
TYPES = {
    "verdieping": GesprekType.VERDIEPING,
    "verdiepingsgesprek": GesprekType.VERDIEPING,
    "synthese": GesprekType.SYNTHESE,
    "synthesegesprek": GesprekType.SYNTHESE,
    "nazorg": GesprekType.NAZORG,
    "nazorggesprek": GesprekType.NAZORG,
    "stopzetting": GesprekType.STOPZETTING,
    "intake": GesprekType.INTAKE,
    "intakegesprek": GesprekType.INTAKE,
}
VORMEN = {
    "individueel": GesprekVorm.INDIVIDUEEL,
    "individuele": GesprekVorm.INDIVIDUEEL,
    "e-coaching": GesprekVorm.E_COACHING,
    "ecoaching": GesprekVorm.E_COACHING,
    "e_coaching": GesprekVorm.E_COACHING,
    "groep": GesprekVorm.GROEP,
    "groepsgesprek": GesprekVorm.GROEP,
    "groepsbegeleiding": GesprekVorm.GROEP,
}
# A cheque or klantnummer, maybe with slashes, dashes or a minus sign (refused, not dropped).
_NUMBER = re.compile(r"^[-−–]?\d[\d/\-.]*$")


@dataclass(frozen=True)
class GesprekLine:
    """What one line said; `names` are the words left over, each group as typed together."""

    number: str | None = None
    names: tuple[tuple[str, ...], ...] = ()
    datum: date | None = None
    minutes: int | None = None
    type: GesprekType | None = None
    vorm: GesprekVorm | None = None
    unknown: tuple[str, ...] = ()  # words that can be nothing the line holds
    refusals: tuple[str, ...] = ()  # parts that look like a date, duur or number but cannot be

    @property
    def details(self) -> bool:
        """The line says more than which cheque and type: the rest comes from it too."""
        return self.datum is not None or self.minutes is not None or self.vorm is not None


def _is_duur(digits: str) -> bool:
    """A bare whole number is a duur up to two digits (15 is refused as unclear), or 30 to 120.

    From three digits up it is a cheque or klantnummer (999), except 100 to 120 (minutes).
    """
    return len(digits) <= 2 or (len(digits) == 3 and int(digits) <= MAX_MINUTES)


def _is_name_word(word: str) -> bool:
    return any(ch.isalpha() for ch in word) and all(ch.isalpha() or ch in "-'’." for ch in word)


_PART_NAMES = {
    "type": "soort gesprek",
    "vorm": "vorm",
    "number": "cheque",
    "datum": "datum",
    "minutes": "duur",
}


@dataclass
class _Parts:
    """The parts found so far, as the reader walks the words."""

    type: GesprekType | None = None
    vorm: GesprekVorm | None = None
    number: str | None = None
    datum: date | None = None
    minutes: int | None = None


class _Reader:
    """Walks the words once, taking the longest part each position can be."""

    def __init__(self, words: list[str], today: date) -> None:
        self.words, self.today = words, today
        self.parts = _Parts()
        self.names: list[list[str]] = []
        self.unknown: list[str] = []
        self.refusals: list[str] = []

    def _keep(self, part: str, value: object, typed: str) -> None:
        kept = getattr(self.parts, part)
        if kept is not None and kept != value:
            self.refusals.append(f"‘{shown(typed)}’: je gaf al een andere {_PART_NAMES[part]}.")
        else:
            setattr(self.parts, part, value)

    def _read(self, word: str, size: int, typed: str) -> bool:
        """Keep what `word` (`size` words) is; False when it is none of the parts."""
        if size == 1 and word in TYPES:
            self._keep("type", TYPES[word], typed)
        elif size == 1 and word in VORMEN:
            self._keep("vorm", VORMEN[word], typed)
        elif (day := read_date(word, self.today)) is not None:
            self._keep("datum", day, typed)
        elif word.isdigit() and not _is_duur(word):
            self._keep("number", normalise_chequenummer(word), typed)
        elif (size == 1 or not any(ch.isdigit() for ch in word.split()[-1])) and (
            minutes := read_minutes(word)
        ) is not None:  # `90 min`, `1,5 uur`; never `1u 3` (3 dagen geleden follows)
            self._keep("minutes", minutes, typed)
        elif size == 1 and _NUMBER.match(word):
            self._keep("number", normalise_chequenummer(word), typed)
        else:
            return False
        return True

    def _try(self, at: int, size: int) -> bool:
        if at + size > len(self.words):
            return False
        typed = " ".join(self.words[at : at + size])
        try:
            return self._read(typed.lower(), size, typed)
        except Refusal as refusal:
            if size == 3:  # `12 maart 90`: the date is two words, 90 the duur
                return False
            self.refusals.append(f"‘{shown(typed)}’: {refusal.message}")
            return True

    def read(self) -> None:
        at, in_name = 0, False
        while at < len(self.words):
            size = next((n for n in (3, 2, 1) if self._try(at, n)), 0)
            word = self.words[at]
            if size:
                at += size
                in_name = False
                continue
            if _is_name_word(word):
                if not in_name:
                    self.names.append([])
                self.names[-1].append(word)
                in_name = True
            else:
                self.unknown.append(word)
                in_name = False
            at += 1


def read_line(text: str, today: date) -> GesprekLine:
    """The parts of one typed line; see the module's docstring."""
    words = text.split()
    reader = _Reader(words[:MAX_WORDS], today)
    reader.read()
    parts = reader.parts
    return GesprekLine(
        number=parts.number,
        names=tuple(tuple(group) for group in reader.names),
        datum=parts.datum,
        minutes=parts.minutes,
        type=parts.type,
        vorm=parts.vorm,
        unknown=(*reader.unknown, *([" ".join(words[MAX_WORDS:])] if words[MAX_WORDS:] else [])),
        refusals=tuple(reader.refusals),
    )


def shown(typed: str) -> str:
    """What was typed, short enough to quote back (a line may be of any length)."""
    return typed if len(typed) <= SHOWN else f"{typed[: SHOWN - 1]}…"


def not_understood(words: list[str] | tuple[str, ...]) -> str:
    """Name back the words that were not understood, in Dutch."""
    quoted = [f"‘{shown(word)}’" for word in words]
    listed = quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} en {quoted[-1]}"
    return f"{listed} begreep ik niet."
