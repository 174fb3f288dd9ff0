"""Plain-language subjects for audit events, for the resident's "who looked at my file" list.

Pure: an event type in, a translatable label out. The first matching prefix wins.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

SUBJECT_BY_PREFIX: tuple[tuple[str, Promise], ...] = (
    ("resident.bsn_reveal", _("your full citizen service number (BSN)")),
    ("resident.export", _("an export of your file")),
    ("resident.search", _("your name in search results")),
    ("resident.dashboard", _("your name in a list")),
    ("resident.list", _("your name in a list")),
    ("resident.", _("your details")),
    ("involvement.", _("your team")),
    ("consent.", _("your consents")),
    ("audit_trail.", _("who viewed your file")),
    ("portal.link", _("a login link for My Wijkverband")),
    ("portal.login", _("logging in to My Wijkverband")),
    ("portal.export", _("downloading your data")),
    ("portal.", _("My Wijkverband")),
    ("case_plan.", _("your plan")),
    ("plan_entry.", _("your plan: your own words")),
    ("case_participant.", _("your plan: the team")),
    ("case_action.", _("your plan: agreements")),
    ("meeting.", _("your plan: meetings")),
    ("measurement.", _("your plan: measurements")),
    ("watch", _("your plan: follow-up contacts")),
)


def event_subject(event_type: str) -> str:
    for prefix, label in SUBJECT_BY_PREFIX:
        if event_type.startswith(prefix):
            return str(label)
    return event_type
