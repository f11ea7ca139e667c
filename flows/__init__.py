"""Conversation engine, flows and domain rules; knows neither Telegram nor SQLAlchemy.

The public API a channel or a new flow needs, chosen here; everything else is reached through
its package (flows.domain, flows.ports, flows.widgets and one package per feature).
"""

from flows.engine.clock import Clock, FixedClock, SystemClock
from flows.engine.definition import (
    Advance,
    Answer,
    Condition,
    Entry,
    Finish,
    Flow,
    FlowSettings,
    Outcome,
    Question,
    Stay,
    Step,
    StepContext,
    Switch,
    Transition,
    action,
    linear,
)
from flows.engine.engine import Engine
from flows.engine.values import (
    DATE_WIDGET,
    Actor,
    Choice,
    Command,
    Document,
    Input,
    Message,
    Option,
    PickedDay,
    StaffMember,
    TelegramUser,
    Text,
    What,
    parse_typed,
)

__all__ = [
    "DATE_WIDGET",
    "Actor",
    "Advance",
    "Answer",
    "Choice",
    "Clock",
    "Command",
    "Condition",
    "Document",
    "Engine",
    "Entry",
    "Finish",
    "FixedClock",
    "Flow",
    "FlowSettings",
    "Input",
    "Message",
    "Option",
    "Outcome",
    "PickedDay",
    "Question",
    "StaffMember",
    "Stay",
    "Step",
    "StepContext",
    "Switch",
    "SystemClock",
    "TelegramUser",
    "Text",
    "Transition",
    "What",
    "action",
    "linear",
    "parse_typed",
]
