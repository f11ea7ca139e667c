"""Every Prometheus metric of the bot in one place, so all senders count into the same series."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest

REGISTRY = CollectorRegistry(auto_describe=True)

UPDATES = Counter(
    "registratiebot_updates",
    "Telegram updates by outcome: applied, ignored, failed (answered with an apology), retry "
    "(not confirmed: Telegram delivers it again)",
    ["outcome"],
    registry=REGISTRY,
)
TURN_SECONDS = Histogram(
    "registratiebot_turn_seconds",
    "Time from receiving an update to its committed turn and sent replies",
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
    registry=REGISTRY,
)
TELEGRAM_ERRORS = Counter(
    "registratiebot_telegram_api_errors",
    "Bot API calls that failed, by method",
    ["method"],
    registry=REGISTRY,
)
TELEGRAM_429 = Counter(
    "registratiebot_telegram_429",
    "Bot API calls answered 429 Too Many Requests (all instances then pause for retry_after)",
    registry=REGISTRY,
)
REMINDERS = Counter(
    "registratiebot_reminders",
    "Reminder pushes by result: sent, failed, unknown (the send's fate is not known)",
    ["result"],
    registry=REGISTRY,
)
SESSIONS_MID_FLOW = Gauge(
    "registratiebot_sessions_mid_flow",
    "Conversations stopped in the middle of a flow (counted at scrape time)",
    registry=REGISTRY,
)

for _outcome in ("applied", "ignored", "failed", "retry"):
    UPDATES.labels(_outcome)
for _result in ("sent", "failed", "unknown"):
    REMINDERS.labels(_result)


def exposition() -> bytes:
    """The registry in Prometheus' text format."""
    return generate_latest(REGISTRY)
