import pytest

from wijkverband.organisations.models import Coalition


@pytest.fixture
def coalition(neighbourhood, wijkteam, corporation) -> Coalition:
    """Wijkteam and corporation work together for the neighbourhood's district; the police do not."""
    coalition = Coalition.objects.create(name="Samen in de wijk", municipality=neighbourhood.municipality)
    coalition.districts.add(neighbourhood.district)
    coalition.organisations.add(wijkteam, corporation)
    return coalition


@pytest.fixture
def other_coalition(neighbourhood, other_organisation) -> Coalition:
    coalition = Coalition.objects.create(name="Veiligheidshuis", municipality=neighbourhood.municipality)
    coalition.organisations.add(other_organisation)
    return coalition
