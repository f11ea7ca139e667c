"""A6.1 in the flows: the client's name, klantnummer and special categories warn (issue 13.5)."""

from __future__ import annotations

from bot.app import App
from tests.gesprek_support import at_type, gesprekken, registered
from tests.support import Chat, World


async def feedback_of_a_verdieping(chat: Chat, feedback: str) -> str:
    await at_type(chat)
    await chat.press("Verdiepingsgesprek")
    for tap in ("Gegevens aanpassen", "Vandaag", "Peeters An", "Individueel", "1u"):
        await chat.press(tap)
    return (await chat.say(feedback)).text


async def test_the_clients_own_name_in_a_gesprek_warns_with_the_special_category(
    app: App, world: World
) -> None:
    chat = await registered(app, world.an)
    reply = await feedback_of_a_verdieping(chat, "Vermeulen Els heeft schulden")
    assert (
        "⚠️ Let op: je feedback lijkt de naam van de klant en info over schulden te bevatten. "
        "Noteer enkel algemene stappen in het traject, geen persoonlijke info van de klant."
    ) in reply
    assert chat.labels[:2] == ["Feedback aanpassen", "Toch zo bewaren"]
    await chat.press("Feedback aanpassen")
    reply = (await chat.say("Cv aangepast; drie vacatures besproken")).text
    assert "Controleer en bevestig" in reply
    await chat.press("Bevestigen en opslaan")
    assert (await gesprekken(app))[-1][5] == "Cv aangepast; drie vacatures besproken"


async def test_the_klantnummer_in_a_gesprek_warns(app: App, world: World) -> None:
    chat = await registered(app, world.an)
    reply = await feedback_of_a_verdieping(chat, "Dossier 999 doorgenomen")
    assert "je feedback lijkt het klantnummer te bevatten" in reply


async def test_a_special_category_in_the_intake_warns(app: App, world: World) -> None:
    chat = Chat(app, world.an)
    reply = await chat.register_until_summary(feedback="Klant is depressief na scheiding")
    assert (
        "je feedback lijkt info over de mentale gezondheid en info over de gezinssituatie te "
        "bevatten"
    ) in reply.text
    reply = await chat.press("Toch zo bewaren")
    assert "Controleer en bevestig" in reply.text


async def test_the_intake_knows_the_clients_name_from_the_cheque(app: App, world: World) -> None:
    chat = Chat(app, world.an)
    reply = await chat.register_until_summary(feedback="Els wil een opleiding volgen")
    assert "je feedback lijkt de naam van de klant te bevatten" in reply.text
