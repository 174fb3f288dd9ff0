import pytest

from wijkverband.audit.services import audit_chain_verify
from wijkverband.demo.builder import demo_build, demo_is_loaded
from wijkverband.organisations.constants import OrganisationKind
from wijkverband.organisations.models import Organisation
from wijkverband.residents.models import Resident

pytestmark = pytest.mark.django_db


def test_demo_region_has_every_organisation_kind_and_the_seed_stories():
    report = demo_build(resident_count=30)

    assert demo_is_loaded()
    assert set(Organisation.objects.values_list("kind", flat=True)) == set(OrganisationKind.values)
    assert report.residents == 30
    assert {("Eva", "Vermeulen"), ("Kees", "van Rooij"), ("Marianne", "van Rooij"), ("Samira", "de Fiets")} <= set(
        Resident.objects.values_list("first_name", "last_name")
    )
    kees = Resident.objects.get(first_name="Kees")
    assert kees.household is not None and kees.household.members.count() == 2
    assert all(r.reveal_bsn().startswith("9999") for r in Resident.objects.exclude(bsn_encrypted=""))
    assert audit_chain_verify() == []
