"""The bot's own Dutch wording (the handbook's official wording: flows.domain.handbook)."""

NO_ACCESS = "Je hebt (nog) geen toegang tot deze bot. Vraag je coördinator om een uitnodiging."
STALE_CHOICE = "Die knop hoort bij een eerdere vraag en werkt niet meer. Dit is de vraag van nu:"
INVALID_CHOICE = "Die keuze hoort niet bij deze vraag."
CHOOSE_OPTION = "Kies een van de mogelijkheden hieronder."
FIRST_STEP = "Dit is de eerste stap: er is geen vorige."
CANCELLED = "Geannuleerd: er werd niets opgeslagen."
NOTHING_TO_CANCEL = "Er is niets om te annuleren."
LEAVE_QUESTION = (
    "Je bent bezig met: {title} — {describe}. Wat je al invulde, is nog niet opgeslagen.\n"
    "Wil je stoppen zonder opslaan en naar ‘{target}’ gaan, of terug naar de vraag?"
)
BACK_TO_QUESTION = "⬅ Terug naar de vraag"
NOT_AVAILABLE = "‘{title}’ is niet beschikbaar voor jouw organisatie."
UNKNOWN_COMMAND = "Het commando /{name} ken ik niet. Typ /help voor een overzicht."
WHAT_NOW = "Wat wil je doen?"
NOTHING_AVAILABLE = "Er zijn voor jouw organisatie nog geen acties beschikbaar."
WELCOME = "Dag {first_name}! Ik help je je werk bij {organisation} te registreren, stap voor stap."
WELCOME_BACK = "Welkom terug! Je was bezig met: {title} — {describe}."
RESUME_QUESTION = "Wil je verdergaan waar je was?"
RESUME = "▶ Verdergaan"
DISCARD = "✖ Stoppen zonder opslaan"
BACK = "⬅ Vorige"
CANCEL = "✖ Annuleren"
EARLIER_ANSWER = "Je antwoordde eerder: ‘{answered}’."
CANNOT_RESUME = (
    "De bot werd intussen bijgewerkt en kan ‘{title}’ niet hervatten waar je was. "
    "Er werd niets opgeslagen: begin opnieuw met /{command}."
)
HELP = (
    "Zo werkt het:\n"
    "• Kies een knop, of typ je antwoord.\n"
    "• ‘Vorige’ brengt je een stap terug; /annuleer stopt zonder iets op te slaan.\n"
    "• Niets wordt opgeslagen voor je het overzicht bevestigt.\n"
    "• Onderbroken? Je kan later verdergaan waar je was.\n"
    "Commando's: /start, /menu, /help, /annuleer{flow_commands}."
)
