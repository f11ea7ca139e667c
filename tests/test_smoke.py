from bot.app import App
from tests.support import Chat, World, stored_counts


async def test_a_complete_registration_stores_cheque_beginvraag_and_intake(
    app: App, world: World
) -> None:
    chat = Chat(app, world.an)
    summary = await chat.register_until_summary()
    assert "Controleer en bevestig" in summary.text
    assert await stored_counts(app) == (0, 0, 0)
    await chat.press("Bevestigen")
    assert "Geregistreerd" in chat.text
    assert await stored_counts(app) == (1, 1, 1)
