"""The official handbook wording, word for word, in one place."""

CHEQUE_NOT_FOUND = (
    "Geen cheque gevonden voor klantnummer {klantnummer} en chequenummer {chequenummer}"
)
CHEQUE_IN_USE_HERE = "Deze cheque is reeds in gebruik bij jouw loopbaancentrum."
CHEQUE_IN_USE_ELSEWHERE = "Deze cheque is reeds in gebruik bij een ander loopbaancentrum"
CONFIRM_DELETE_GESPREK = "Ben je zeker dat je dit gesprek wil verwijderen?"

STEP1_TITLE = "Stap 1 van 3: Welke cheque wil je registreren?"
STEP2_TITLE = "Stap 2 van 3: Waarom wil de klant loopbaanbegeleiding volgen?"
STEP3_TITLE = "Stap 3 van 3: Registreer het eerste gesprek"

# Part B: ESF ‘ondersteuning alternerend leren’ (handbook 000_c4ff225ae3435fa1.txt)
ESF_STEP = "Onderwijs ondersteuning alternerend leren"
FINANCIERINGSNUMMER = "EEWG019"
NOT_TARGET_GROUP = (
    "Jongeren die niet tot de doelgroep behoren, kunnen niet deelnemen aan het ESF-project "
    "‘ondersteuning alternerend leren’."
)
ESF_SAMENVATTING = (
    "In de samenvatting noteer je het verloop van de begeleiding, de afspraken die gemaakt "
    "werden, …"
)
ESF_FINAL = (
    "Beëindigd is een eindtoestand. Eens je deze toestand geregistreerd hebt, kan je de "
    "gegevens niet meer wijzigen. Alleen de samenvatting kan je nog gedurende 14 dagen aanvullen."
)
ESF_POSITIEF = "Positief resultaat:"
ESF_NEGATIEF = "Negatief resultaat:"
ESF_CANCEL = "Geannuleerd, kies je wanneer je deze lijn foutief geregistreerd hebt."
