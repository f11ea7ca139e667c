"""The schema as typed SQLAlchemy 2 models; Alembic migrations are generated from these."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    DateTime,
    Float,
    ForeignKey,
    Index,
    MetaData,
    String,
    Text,
    TypeDecorator,
    false,
    text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class UtcDateTime(TypeDecorator[datetime]):
    """Store aware datetimes as UTC and read them back aware, on SQLite as on PostgreSQL."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UtcDateTime column")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base with stable constraint names (so migrations are portable)."""

    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UtcDateTime,
        dict[str, Any]: JSON,
        list[str]: JSON,
    }


class OrganisationRow(Base):
    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    is_loopbaancentrum: Mapped[bool]
    is_esf: Mapped[bool]
    created_at: Mapped[datetime]
    # A person's sandbox (/oefenen): never in a real overview, export, import or reminder.
    practice: Mapped[bool] = mapped_column(server_default=false(), default=False)


class StaffRow(Base):
    __tablename__ = "staff"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    role: Mapped[str] = mapped_column(String(20))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    telegram_user_id: Mapped[int | None] = mapped_column(BigInteger, unique=True)
    created_at: Mapped[datetime]


class ClientRow(Base):
    __tablename__ = "clients"

    id: Mapped[int] = mapped_column(primary_key=True)
    klantnummer: Mapped[str] = mapped_column(String(20), unique=True)
    naam: Mapped[str] = mapped_column(String(200))


class IssuedChequeRow(Base):
    __tablename__ = "issued_cheques"

    id: Mapped[int] = mapped_column(primary_key=True)
    chequenummer: Mapped[str] = mapped_column(String(20), unique=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), index=True)
    ordered_on: Mapped[date]
    start_by: Mapped[date]
    minutes: Mapped[int]
    imported_at: Mapped[datetime]
    practice: Mapped[bool] = mapped_column(server_default=false(), default=False)  # fictional


_OPEN = "released_at IS NULL"
_PAID = "deleted_at IS NULL AND type <> 'nazorg'"
_ACTIVE = "deleted_at IS NULL"
# Index columns of the overviews (migration 0004 spells the same lists out).
OVERVIEW_KEY = ("organisation_id", "updated_at", "id")
STATUS_KEY = ("organisation_id", "status", "updated_at", "id")
REGISTRATION_COVER = ("klant_zoek", "begeleiders_zoek", "kenmerken", "released_at")
FINANCIAL_KEY = ("organisation_id", "registered_at", "id", "registration_id", "begeleider")
DATUM_KEY = ("organisation_id", "datum", "registration_id")
BEGELEIDER_KEY = ("organisation_id", "begeleider", "registered_at")
TYPE_KEY = ("organisation_id", "type", "registered_at")
MINUTES_KEY = ("organisation_id", "minutes", "datum")
GESPREK_COVER = ("datum", "minutes", "betaald_op", "type", "deleted_at")
# The sort orders (⇅): each walks its own index, which carries what a filter reads.
SORT_COVER = ("status", *REGISTRATION_COVER)
SORT_KEYS = {
    "ix_cheque_registrations_sort_klant": ("organisation_id", "klant_zoek", "id"),
    "ix_cheque_registrations_sort_cheque": ("organisation_id", "chequenummer_sort", "id"),
    "ix_cheque_registrations_sort_begeleider": ("organisation_id", "begeleiders_zoek", "id"),
}
FINANCIAL_SORT_COVER = ("registration_id", "begeleider", *GESPREK_COVER, "klant_zoek")
FINANCIAL_SORT_KEYS = {
    "ix_gesprekken_sort_datum": ("organisation_id", "datum", "id"),
    "ix_gesprekken_sort_minutes": ("organisation_id", "minutes", "id"),
    "ix_gesprekken_sort_begeleider": ("organisation_id", "begeleider", "id"),
}


def _partial(name: str, where: str, *columns: str) -> Index:
    """A partial index; repeated columns are kept once, in first place."""
    unique = tuple(dict.fromkeys(columns))
    return Index(name, *unique, sqlite_where=text(where), postgresql_where=text(where))


class RegistrationRow(Base):
    """A cheque registered by an organisation; `released_at` set when all gesprekken are gone."""

    __tablename__ = "cheque_registrations"
    __table_args__ = (
        Index(
            "uq_cheque_registrations_active",
            "issued_cheque_id",
            unique=True,
            sqlite_where=text("released_at IS NULL"),
            postgresql_where=text("released_at IS NULL"),
        ),
        # The overview (A1): keyset pages newest change first, per organisation and status;
        # the search facts ride along so a trefwoord is checked on the index entry alone.
        _partial("ix_cheque_registrations_overview", _OPEN, *OVERVIEW_KEY, *REGISTRATION_COVER),
        _partial(
            "ix_cheque_registrations_overview_status", _OPEN, *STATUS_KEY, *REGISTRATION_COVER
        ),
        # Counting (all statuses) and A2's client search read the facts from this narrower one.
        _partial("ix_cheque_registrations_klant", _OPEN, "organisation_id", *REGISTRATION_COVER),
        *(_partial(name, _OPEN, *key, *SORT_COVER) for name, key in SORT_KEYS.items()),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    issued_cheque_id: Mapped[int] = mapped_column(ForeignKey("issued_cheques.id"))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    status: Mapped[str] = mapped_column(String(20))
    themes: Mapped[list[str]]
    registered_by: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    registered_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    released_at: Mapped[datetime | None]
    # Search and list facts, recomputed from the gesprekken on every change (storage/facts.py):
    klant_zoek: Mapped[str] = mapped_column(String(200), server_default="")  # normalised name
    begeleiders: Mapped[str] = mapped_column(Text, server_default="")  # "Maes Lotte, Peeters An"
    begeleiders_zoek: Mapped[str] = mapped_column(Text, server_default="")  # normalised
    kenmerken: Mapped[str] = mapped_column(Text, server_default="")  # "|intake|m60|"
    minuten_gebruikt: Mapped[int] = mapped_column(server_default="0")
    laatste_gesprek: Mapped[date | None]
    # The chequenummer zero-padded to 20 digits, so that sorting by it sorts by number.
    chequenummer_sort: Mapped[str] = mapped_column(String(20), server_default="")


# Bytewise order on PostgreSQL, as SQLite's BINARY: a prefix is one range of the index.
WORD = String(200).with_variant(String(200, collation="C"), "postgresql")


class KlantWoordRow(Base):
    """Every ending of every word of a registration's normalised client name (storage/facts.py
    keeps them): a typed part of a name is one short index range, not the whole centre."""

    __tablename__ = "klant_woorden"

    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), primary_key=True)
    woord: Mapped[str] = mapped_column(WORD, primary_key=True)
    registration_id: Mapped[int] = mapped_column(
        ForeignKey("cheque_registrations.id"), primary_key=True
    )


class BegeleiderNaamRow(Base):
    """Each begeleider name an organisation registered, normalised: a search becomes an IN."""

    __tablename__ = "begeleider_namen"

    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), primary_key=True)
    naam: Mapped[str] = mapped_column(String(120), primary_key=True)
    zoek: Mapped[str] = mapped_column(String(120))


class BeginvraagRow(Base):
    """Each recorded wording of the beginvraag; the newest is the current one (A5.2, A7)."""

    __tablename__ = "beginvragen"

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("cheque_registrations.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    recorded_by: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    recorded_at: Mapped[datetime]


class GesprekRow(Base):
    """A gesprek; `organisation_id` is its registration's, given on insert, for A2's index."""

    __tablename__ = "gesprekken"
    __table_args__ = (
        Index("ix_gesprekken_registration_datum", "registration_id", "datum"),
        # A2's sets way: the paid gesprekken of the registrations whose client matched.
        _partial("ix_gesprekken_registration_paid", _PAID, "registration_id", "id", "betaald_op"),
        # The financial overview (A2): paid gesprekken, newest registration first, then each
        # trefwoord's own index. All carry what a filter reads (covering), so a count or a
        # walk never visits the table.
        _partial("ix_gesprekken_financieel", _PAID, *FINANCIAL_KEY, *GESPREK_COVER, "klant_zoek"),
        _partial("ix_gesprekken_org_datum", _ACTIVE, *DATUM_KEY, *GESPREK_COVER),
        _partial("ix_gesprekken_org_begeleider", _PAID, *BEGELEIDER_KEY, *GESPREK_COVER),
        _partial("ix_gesprekken_org_type", _PAID, *TYPE_KEY, *GESPREK_COVER),
        _partial("ix_gesprekken_org_minutes", _PAID, *MINUTES_KEY, *GESPREK_COVER),
        *(
            _partial(name, _PAID, *key, *FINANCIAL_SORT_COVER)
            for name, key in FINANCIAL_SORT_KEYS.items()
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("cheque_registrations.id"))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    datum: Mapped[date]
    begeleider: Mapped[str] = mapped_column(String(120))
    type: Mapped[str] = mapped_column(String(20))
    vorm: Mapped[str] = mapped_column(String(20))
    minutes: Mapped[int]
    feedback: Mapped[str | None] = mapped_column(Text)
    registered_by: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    registered_at: Mapped[datetime]
    deleted_at: Mapped[datetime | None]
    deleted_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    # Set by importing VDAB's payment list (A2): when, and how much in cents.
    betaald_op: Mapped[date | None]
    betaald_cent: Mapped[int | None]
    # The registration's klant_zoek, copied (storage/facts.py) so that A2's walk checks a
    # client name on its own index entry instead of looking up each gesprek's registration.
    klant_zoek: Mapped[str] = mapped_column(String(200), server_default="")


class GesprekTotaalRow(Base):
    """How many paid gesprekken (A2) share an organisation, registration day (UTC), datum,
    duration and payment state: month totals and A2's unfiltered count read these few rows
    instead of every gesprek. Kept in the same transaction as each change (storage/totals.py)."""

    __tablename__ = "gesprek_totalen"
    # On SQLite the key is the table (WITHOUT ROWID): a month's range reads its rows in order.
    __table_args__ = ({"sqlite_with_rowid": False},)

    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), primary_key=True)
    dag: Mapped[date] = mapped_column(primary_key=True)  # the UTC day of registered_at
    datum: Mapped[date] = mapped_column(primary_key=True)
    minutes: Mapped[int] = mapped_column(primary_key=True)
    betaald: Mapped[bool] = mapped_column(primary_key=True)
    aantal: Mapped[int]


class GesprekAantalRow(Base):
    """How many paid gesprekken an organisation has, paid or not: A2's unfiltered count in one
    row instead of a sum over every GesprekTotaalRow (storage/totals.py keeps both)."""

    __tablename__ = "gesprek_aantallen"

    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), primary_key=True)
    betaald: Mapped[bool] = mapped_column(primary_key=True)
    aantal: Mapped[int]


class SessionRow(Base):
    """A chat's conversation; `version` makes concurrent writers of one chat fail, not merge."""

    __tablename__ = "conversation_sessions"

    chat_key: Mapped[str] = mapped_column(String(100), primary_key=True)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    flow: Mapped[str | None] = mapped_column(String(50))
    state: Mapped[str | None] = mapped_column(String(50))
    answers: Mapped[dict[str, Any]]
    seq: Mapped[int]
    paused: Mapped[bool]
    version: Mapped[int] = mapped_column()
    updated_at: Mapped[datetime]
    asked: Mapped[dict[str, Any] | None]  # the question waited on; NULL: stored before 0006
    history: Mapped[list[Any]] = mapped_column(JSON, server_default="[]")

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class ProcessedUpdateRow(Base):
    __tablename__ = "processed_updates"

    channel: Mapped[str] = mapped_column(String(20), primary_key=True)
    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    processed_at: Mapped[datetime] = mapped_column(index=True)


class PendingUpdateRow(Base):
    """An update received but not yet finished, so a later one of its chat waits (webhook)."""

    __tablename__ = "pending_updates"

    channel: Mapped[str] = mapped_column(String(20), primary_key=True)
    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    chat_id: Mapped[str] = mapped_column(String(100))
    arrived_at: Mapped[float] = mapped_column(Float)  # seconds since the epoch

    __table_args__ = (Index("ix_pending_updates_chat", "channel", "chat_id", "update_id"),)


class SendBudgetRow(Base):
    """The Bot API sending budget every instance draws from (PostgreSQL; a token bucket)."""

    __tablename__ = "send_budget"

    name: Mapped[str] = mapped_column(String(20), primary_key=True)
    tokens: Mapped[float] = mapped_column(Float)
    refilled_at: Mapped[float] = mapped_column(Float)  # seconds since the epoch
    paused_until: Mapped[float] = mapped_column(Float)  # a 429's retry_after, for everyone


class AuditRow(Base):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(index=True)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    action: Mapped[str] = mapped_column(String(50))
    entity: Mapped[str] = mapped_column(String(50))
    entity_id: Mapped[str] = mapped_column(String(50))
    before: Mapped[dict[str, Any] | None]
    after: Mapped[dict[str, Any] | None]


class InvitationRow(Base):
    """A single-use invitation; only the code's SHA-256 is kept."""

    __tablename__ = "invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    invited_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    used_by_telegram_id: Mapped[int | None] = mapped_column(BigInteger)


# -- Part B: ESF begeleidingen ‘ondersteuning alternerend leren’ --------------------------------
class JongereRow(Base):
    """A jongere known by klantnummer; `diploma_secundair` is ja, nee or onbekend.

    `organisation_id` is the ESF organisation that entered the jongere in a flow (theirs
    alone); NULL for VDAB's imported jongeren, which every ESF organisation sees.
    """

    __tablename__ = "jongeren"
    __table_args__ = (
        Index(
            "uq_jongeren_imported_klantnummer",
            "klantnummer",
            unique=True,
            sqlite_where=text("organisation_id IS NULL"),
            postgresql_where=text("organisation_id IS NULL"),
        ),
        Index(
            "uq_jongeren_organisation_klantnummer",
            "organisation_id",
            "klantnummer",
            unique=True,
            sqlite_where=text("organisation_id IS NOT NULL"),
            postgresql_where=text("organisation_id IS NOT NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    klantnummer: Mapped[str] = mapped_column(String(20))
    naam: Mapped[str] = mapped_column(String(200))
    geboortedatum: Mapped[date]
    diploma_secundair: Mapped[str] = mapped_column(String(10))
    updated_at: Mapped[datetime]
    practice: Mapped[bool] = mapped_column(server_default=false(), default=False)  # fictional


class BegeleidingRow(Base):
    """A line of an ESF organisation; at most one `bezig` per jongere per organisation."""

    __tablename__ = "esf_begeleidingen"
    __table_args__ = (
        Index(
            "uq_esf_begeleidingen_running",
            "organisation_id",
            "jongere_id",
            unique=True,
            sqlite_where=text("toestand = 'bezig'"),
            postgresql_where=text("toestand = 'bezig'"),
        ),
        Index("ix_esf_begeleidingen_org_updated", "organisation_id", "updated_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    jongere_id: Mapped[int] = mapped_column(ForeignKey("jongeren.id"), index=True)
    toestand: Mapped[str] = mapped_column(String(20))
    startdatum: Mapped[date]
    einddatum: Mapped[date | None]
    resultaat: Mapped[str | None] = mapped_column(String(40))
    financieringsnummer: Mapped[str] = mapped_column(String(20))
    diploma_bij_start: Mapped[str] = mapped_column(String(10))
    aanvrager_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    uitvoerder_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    registered_by: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    registered_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    closed_at: Mapped[datetime | None]
    cancelled_at: Mapped[datetime | None]
    removed_at: Mapped[datetime | None]


class SamenvattingRow(Base):
    """One dated part of a line's samenvatting."""

    __tablename__ = "esf_samenvatting"

    id: Mapped[int] = mapped_column(primary_key=True)
    begeleiding_id: Mapped[int] = mapped_column(ForeignKey("esf_begeleidingen.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    recorded_by: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    recorded_at: Mapped[datetime]


class ActieRow(Base):
    """An action or contact on a line, dated between its start and end."""

    __tablename__ = "esf_acties"

    id: Mapped[int] = mapped_column(primary_key=True)
    begeleiding_id: Mapped[int] = mapped_column(ForeignKey("esf_begeleidingen.id"), index=True)
    datum: Mapped[date]
    soort: Mapped[str] = mapped_column(String(20))
    notitie: Mapped[str | None] = mapped_column(Text)
    registered_by: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    registered_at: Mapped[datetime]


class RemovalRequestRow(Base):
    """A request to remove a closed line; at most one open per line."""

    __tablename__ = "esf_removal_requests"
    __table_args__ = (
        Index(
            "uq_esf_removal_requests_open",
            "begeleiding_id",
            unique=True,
            sqlite_where=text("status = 'open'"),
            postgresql_where=text("status = 'open'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    begeleiding_id: Mapped[int] = mapped_column(ForeignKey("esf_begeleidingen.id"))
    requested_by: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    requested_at: Mapped[datetime]
    reden: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20))
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    decided_at: Mapped[datetime | None]
    decision_reason: Mapped[str | None] = mapped_column(Text)


class NoticeRow(Base):
    """A message for a staff member, shown once at their next pause in the chat."""

    __tablename__ = "notices"
    __table_args__ = (
        Index(
            "ix_notices_pending",
            "staff_id",
            sqlite_where=text("delivered_at IS NULL"),
            postgresql_where=text("delivered_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime]
    delivered_at: Mapped[datetime | None]


class OnboardingRow(Base):
    """A staff member's first steps: checklist tasks done, flows opened, the checklist message."""

    __tablename__ = "onboarding"

    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), primary_key=True)
    done: Mapped[list[str]]
    seen: Mapped[list[str]]
    checklist_chat: Mapped[str | None] = mapped_column(String(100))
    checklist_message: Mapped[int | None] = mapped_column(BigInteger)
    welcomed_at: Mapped[datetime]


class SandboxRow(Base):
    """A person's practice organisation (/oefenen), made on first use; while `practising`, they
    act within it."""

    __tablename__ = "sandboxes"

    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    practising: Mapped[bool]


# -- Reminders (issue 15): an outbox, each row pushed at most once ------------------------------
class ReminderRow(Base):
    """A due reminder; (kind, file, period) unique, so no sweep creates one twice."""

    __tablename__ = "reminders"
    __table_args__ = (
        Index("uq_reminders_key", "kind", "file_id", "period", unique=True),
        Index("ix_reminders_status_not_before", "status", "not_before"),
        Index("ix_reminders_staff", "staff_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(2))
    file_id: Mapped[int]
    period: Mapped[str] = mapped_column(String(80))
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    header: Mapped[str] = mapped_column(String(300))
    detail: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(12))
    not_before: Mapped[datetime]
    created_at: Mapped[datetime]
    claimed_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    push_id: Mapped[int | None] = mapped_column(ForeignKey("reminder_pushes.id"))
    message_id: Mapped[int | None] = mapped_column(BigInteger)
    acted_at: Mapped[datetime | None]


class ReminderPushRow(Base):
    """A message of reminders sent to one person; its buttons' values stay here."""

    __tablename__ = "reminder_pushes"

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    options: Mapped[list[Any]] = mapped_column(JSON)
    created_at: Mapped[datetime]


class ReminderStopRow(Base):
    """*Niet meer*: no further reminders of this file (cheque or ESF line) for anyone."""

    __tablename__ = "reminder_stops"

    file_kind: Mapped[str] = mapped_column(String(12), primary_key=True)
    file_id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    at: Mapped[datetime]


class ReminderPreferenceRow(Base):
    """The reminder kinds a person turned off (/herinneringen)."""

    __tablename__ = "reminder_preferences"

    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), primary_key=True)
    off: Mapped[list[str]]
    digest_day: Mapped[int] = mapped_column(server_default="0")  # 0 = Monday
    digest_hour: Mapped[int] = mapped_column(server_default="8")
    updated_at: Mapped[datetime]


class CentreReminderRow(Base):
    """A centre's idle days before a reminder, set by its coordinator (7–90)."""

    __tablename__ = "centre_reminder_settings"

    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), primary_key=True)
    idle_days: Mapped[int]
    updated_by: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    updated_at: Mapped[datetime]


class UnreachableRow(Base):
    """A staff member who blocked the bot: no reminders are pushed to them."""

    __tablename__ = "unreachable_staff"

    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), primary_key=True)
    since: Mapped[datetime]
