"""Dutch words of the special categories of personal data (A6.1), with their inflections.

Feedback holds general trajectory steps only; a word about a client's health, mental health,
family situation, religion, origin, debts or dealings with justice earns a warning. Each
pattern matches one whole word (lower case, accents removed), so `ziekte` and `zieken` are
caught but `scheidsrechter` is not caught by `scheiding`.
"""

from __future__ import annotations

import re
import unicodedata

# (what the warning calls it, whole-word patterns); compounds are caught by a leading \w*.
# Words that also name a job or a workplace (arts, politie, advocaat, ziekenhuis) are left out:
# feedback about a career goal would be flagged at every turn.
CATEGORIES: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "info over de gezondheid",
        (
            r"ziek(e|en|er|te|tes|ten|tebriefje|tedagen|teverlof|teverzuim)?",
            r"\w*ziekte(n|s)?",
            r"kanker\w*",
            r"diabet\w*",
            r"suikerziekte",
            r"(ge)?opereerd(e)?",
            r"operatie(s)?",
            r"(ge)?handicap(t|te|ten|s)?",
            r"medicatie",
            r"medicijn(en)?",
            r"revalid\w*",
            r"arbeidsongeschikt(e|heid)?",
            r"invalid\w*",
            r"chronisch(e)?",
            r"zwanger(e|schap|schappen|schapsverlof)?",
            r"huisarts(en)?",
            r"gehospitaliseerd(e)?",
            r"hospitalisatie",
            r"rugklacht(en)?",
            r"\w*letsel(s)?",
        ),
    ),
    (
        "info over de mentale gezondheid",
        (
            r"depressi(e|es|ef|eve|viteit)",
            r"burn-?outs?",
            r"overspannen(heid)?",
            r"angst(stoornis|stoornissen|aanval|aanvallen|ig|ige)",
            r"paniekaanval(len)?",
            r"psychia\w*",
            r"psycholo(og|ogs|gen|ge|gisch|gische)",
            r"psychisch(e)?",
            r"psychose(n|s)?",
            r"psychotisch(e)?",
            r"suicid\w*",
            r"zelfmoord\w*",
            r"\w*verslav\w*",
            r"verslaafd(e)?",
            r"autis\w*",
            r"adhd",
            r"bipola\w*",
            r"trauma(s|'s|tisch|tische)?",
            r"therapie(en)?",
            r"therapeut(en|e)?",
        ),
    ),
    (
        "info over de gezinssituatie",
        (
            r"(echt)?scheiding(en)?",
            r"gescheiden",
            r"weduw(e|en|naar|naars)",
            r"overleden",
            r"overlijden",
            r"alleenstaand(e)?",
            r"pleeg(kind|kinderen|gezin|gezinnen|ouder|ouders|moeder|vader)",
            r"voogdij",
            r"co-?ouderschap",
            r"relatieproble\w*",
            r"huiselijk(e)?",
            r"partnergeweld",
            r"mantelzorg(er|ers)?",
        ),
    ),
    (
        "info over geloof of levensbeschouwing",
        (
            r"religie(s)?",
            r"religieu(s|ze)",
            r"gelovig(e|en)?",
            r"moslim(s|a|as)?",
            r"islam(itisch|itische)?",
            r"christ(en|enen|elijk|elijke)",
            r"katholie(k|ke|ken)",
            r"jo(od|den|odse)",
            r"moskee(en)?",
            r"kerkelijk(e)?",
            r"hoofddoek(en|je)?",
            r"ramadan",
            r"synagoge",
        ),
    ),
    (
        "info over afkomst",
        (
            r"afkomst(ig)?",
            r"etnisch(e)?",
            r"etniciteit",
            r"nationaliteit(en)?",
            r"allochto(on|ne|nen)",
            r"migratieachtergrond",
            r"migrant(en|e)?",
            r"vluchteling(en|e)?",
            r"asiel\w*",
            r"inburgering\w*",
            r"verblijfs(vergunning|vergunningen|recht|statuut)",
            r"huidskleur",
        ),
    ),
    (
        "info over schulden",
        (
            r"schuld(en)?",
            r"schulden\w+",
            r"schuld(bemiddeling|bemiddelaar|hulp|eiser|eisers)",
            r"budget(beheer|begeleiding|meter)",
            r"\w*beslag",
            r"deurwaarder(s)?",
            r"leefloon",
            r"ocmw",
            r"faillis\w*",
            r"wanbetal\w*",
            r"afbetaling(en|splan)?",
        ),
    ),
    (
        "info over justitie",
        (
            r"gevangenis(sen|straf)?",
            r"detentie",
            r"gedetineerd(e|en)?",
            r"(cel|werk|gevangenis)straf(fen)?",
            r"veroordee(ld|lde|lden)",
            r"veroordeling(en)?",
            r"strafblad",
            r"strafrecht\w*",
            r"enkelband",
            r"justiti(e|eel|ele)",
            r"probatie\w*",
            r"crimin\w*",
            r"misdrij(f|ven)",
            r"diefstal(len)?",
            r"drugs",
            r"proces-?verbaal",
        ),
    ),
)

_COMPILED = tuple(
    (label, re.compile(r"(?<![\w-])(?:" + "|".join(patterns) + r")(?![\w-])"))
    for label, patterns in CATEGORIES
)


def plain(text: str) -> str:
    """Lower case without accents (suïcide → suicide), as the patterns are written."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def special_categories(text: str) -> list[str]:
    """Name each special category whose words the text holds, in the order of CATEGORIES."""
    words = plain(text)
    return [label for label, pattern in _COMPILED if pattern.search(words)]
