"""Flow settings with the hourly rates the financial overview (A2) computes amounts with."""

from __future__ import annotations

from dataclasses import dataclass

from flows.domain.rules.money import DEFAULT_RATES, RateTable
from flows.engine.definition import FlowSettings


@dataclass(frozen=True)
class OverviewSettings(FlowSettings):
    """FlowSettings plus the rates table (HOURLY_RATES); the app builds the engine with it."""

    rates: RateTable = DEFAULT_RATES


def rates_of(settings: FlowSettings) -> RateTable:
    """The configured rates, or the public default when the engine was given plain settings."""
    return settings.rates if isinstance(settings, OverviewSettings) else DEFAULT_RATES
