from __future__ import annotations

import pytest

from wijkverband.demo.builder import demo_build
from wijkverband.placements.models import DwellingOffer, MatchRun, OutflowApplication

pytestmark = pytest.mark.django_db


def test_the_demo_region_has_applications_offers_and_one_match_run():
    demo_build(resident_count=10)

    run = MatchRun.objects.get()
    assert OutflowApplication.objects.count() == 3 and DwellingOffer.objects.count() == 4
    assert run.clients == 3 and run.housed >= 1 and run.proposals.count() == run.housed
