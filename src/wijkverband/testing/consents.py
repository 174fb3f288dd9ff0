"""Recording a resident's consent in tests, through the real service (not shipped behaviour)."""

from datetime import date

from wijkverband.accounts.models import User
from wijkverband.organisations.models import Organisation
from wijkverband.residents.models import Resident

from .actors import actor_for


def consent_for(resident: Resident, by: User, organisation: Organisation, scope: str) -> None:
    from wijkverband.consent.services import consent_grant_record

    consent_grant_record(
        actor=actor_for(by),
        resident=resident,
        organisation=organisation,
        scope=scope,
        purpose="Samenwerken aan het plan",
        given_on=date(2026, 1, 5),
    )
