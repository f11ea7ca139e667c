"""Command menus per person (a per-chat scope: each sees their role's commands) and the bot's
description, in Dutch. The menu only shows; the engine still checks every command."""

from __future__ import annotations

import logging

from telegram import Bot, BotCommand, BotCommandScopeChat
from telegram.error import TelegramError

from flows.engine.engine import Engine

log = logging.getLogger(__name__)

BASE_COMMANDS = (
    ("start", "Begin, of ga verder waar je was"),
    ("menu", "Wat kan ik doen?"),
    ("help", "Uitleg, daarna de vraag van nu"),
    ("annuleer", "Stop zonder iets op te slaan"),
)
DESCRIPTION = (
    "Registratiebot voor partners van VDAB: registreer loopbaancheques, gesprekken en "
    "ESF-begeleidingen stap voor stap, en oefen eerst veilig met /oefenen. Toegang enkel met "
    "een uitnodiging van je coördinator."
)
SHORT_DESCRIPTION = "Registreer je werk voor VDAB stap voor stap. Toegang op uitnodiging."


def base_menu() -> list[BotCommand]:
    """What anyone sees before they are known: the fixed commands only."""
    return [BotCommand(name, text) for name, text in BASE_COMMANDS]


def person_menu(commands: list[tuple[str, str]]) -> list[BotCommand]:
    return base_menu() + [BotCommand(name, text) for name, text in commands]


async def set_person_menu(bot: Bot, engine: Engine, staff_id: int, chat_id: int) -> None:
    """This person's commands in their own chat (after their welcome, or /rondleiding)."""
    commands = await engine.menu(staff_id)
    try:
        await bot.set_my_commands(person_menu(commands), scope=BotCommandScopeChat(chat_id))
    except TelegramError:
        log.warning("command menu of staff %s not set", staff_id)


async def set_all_menus(bot: Bot, engine: Engine) -> None:
    """At start: the description, the base menu, and each linked person's own menu."""
    await bot.set_my_description(DESCRIPTION)
    await bot.set_my_short_description(SHORT_DESCRIPTION)
    await bot.set_my_commands(base_menu())
    for telegram_user_id, commands in await engine.menus():
        try:
            await bot.set_my_commands(
                person_menu(commands), scope=BotCommandScopeChat(telegram_user_id)
            )
        except TelegramError:  # a chat the bot cannot reach (blocked): the others go on
            log.warning("command menu of a linked account not set")
