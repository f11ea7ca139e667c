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
