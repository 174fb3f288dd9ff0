"""Changing and removing instruments, evaluations and pilots: what was learned (evaluations, progress
checks) is kept, only coordinators and managers change, the writing party removes its evaluation."""

from datetime import date

from django.core.exceptions import ValidationError

import pytest

from wijkverband.agreements import services
from wijkverband.agreements.models import Pilot, Tool, ToolEvaluation
from wijkverband.agreements.tests.test_api import API, client_for
from wijkverband.core.exceptions import NotVisible, PermissionDenied
from wijkverband.testing.actors import actor_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def tool(coalition, coordinator):
    return services.tool_create(actor=actor_for(coordinator), coalition=coalition, name="Buurtkamer", description="x")


@pytest.fixture
def pilot(coalition, coordinator, wijkteam):
    return services.pilot_create(
        actor=actor_for(coordinator),
        coalition=coalition,
        title="Wijkbudget",
        goal="Eén budget",
        owner_uuid=wijkteam.uuid,
        starts_on=date(2026, 1, 10),
    )


def test_an_instrument_is_renamed_but_not_onto_another(coalition, coordinator, tool):
    services.tool_create(actor=actor_for(coordinator), coalition=coalition, name="Huiskamer", description="y")

    with pytest.raises(ValidationError):
        services.tool_update(actor=actor_for(coordinator), tool=tool, name="Huiskamer", description="x")
    services.tool_update(actor=actor_for(coordinator), tool=tool, name="Buurtkamer Oost", description="Inloop")

    assert Tool.objects.get(pk=tool.pk).name == "Buurtkamer Oost"


def test_an_instrument_with_evaluations_stays_and_the_writer_removes_its_evaluation(
    tool, coordinator, corporation_officer, wijkcoach, outsider
):
    evaluation = services.tool_evaluation_record(
        actor=actor_for(corporation_officer), tool=tool, outcome="worked", context="Flat", text="Goed"
    )

    with pytest.raises(ValidationError) as error:
        services.tool_delete(actor=actor_for(coordinator), tool=tool)
    # A professional of another party in the coalition may not; an outsider does not see it.
    with pytest.raises(PermissionDenied):
        services.tool_evaluation_remove(actor=actor_for(wijkcoach), evaluation=evaluation)
    with pytest.raises(NotVisible):
        services.tool_evaluation_remove(actor=actor_for(outsider), evaluation=evaluation)
    services.tool_evaluation_remove(actor=actor_for(corporation_officer), evaluation=evaluation)
    services.tool_delete(actor=actor_for(coordinator), tool=tool)

    assert "evaluaties" in str(error.value) and not Tool.objects.exists()


def test_a_pilot_moves_its_first_check_until_it_has_one(pilot, coordinator, corporation):
    services.pilot_update(
        actor=actor_for(coordinator),
        pilot=pilot,
        title="Wijkbudget Oost",
        goal="Eén budget",
        owner_uuid=corporation.uuid,
        starts_on=date(2026, 2, 1),
    )
    assert Pilot.objects.get().next_check_on == date(2026, 8, 1)

    services.pilot_check_record(
        actor=actor_for(coordinator), pilot=pilot, checked_on=date(2026, 3, 1), progress="Goed", status="on_track"
    )
    with pytest.raises(ValidationError) as backwards:
        services.pilot_update(
            actor=actor_for(coordinator),
            pilot=pilot,
            title="x",
            goal="x",
            owner_uuid=corporation.uuid,
            starts_on=date(2026, 2, 1),
            ends_on=date(2026, 1, 1),
        )
    with pytest.raises(ValidationError):
        services.pilot_delete(actor=actor_for(coordinator), pilot=pilot)

    assert "ends_on" in backwards.value.message_dict
    assert Pilot.objects.get().next_check_on == date(2026, 9, 1) and Pilot.objects.get().owner == corporation


def test_a_pilot_owner_outside_the_coalition_is_refused(pilot, coordinator, other_organisation, wijkcoach):
    with pytest.raises(ValidationError):
        services.pilot_update(
            actor=actor_for(coordinator),
            pilot=pilot,
            title="x",
            goal="x",
            owner_uuid=other_organisation.uuid,
            starts_on=date(2026, 1, 10),
        )
    with pytest.raises(PermissionDenied):
        services.pilot_delete(actor=actor_for(wijkcoach), pilot=pilot)
    assert Pilot.objects.get().title == "Wijkbudget"


def test_tools_and_pilots_are_changed_and_removed_through_the_api(
    coalition, coordinator, outsider, tool, pilot, wijkteam
):
    base = f"{API}/coalitions/{coalition.uuid}"
    client = client_for(coordinator)

    renamed = client.put(f"{base}/tools/{tool.uuid}", {"name": "Buurtkamer+", "description": "x"}, format="json")
    moved = client.put(
        f"{base}/pilots/{pilot.uuid}",
        {"title": "Wijkbudget", "goal": "x", "ownerId": str(wijkteam.uuid), "startsOn": "2026-03-01"},
        format="json",
    )

    assert renamed.status_code == 200 and renamed.json()["name"] == "Buurtkamer+"
    assert moved.status_code == 200 and moved.json()["nextCheckOn"] == "2026-09-01"
    assert client_for(outsider).delete(f"{base}/tools/{tool.uuid}").status_code == 404
    assert client.delete(f"{base}/tools/{tool.uuid}").status_code == 204
    assert client.delete(f"{base}/pilots/{pilot.uuid}").status_code == 204
    assert not Tool.objects.exists() and not Pilot.objects.exists()


def test_tools_and_pilots_are_changed_on_the_pages(
    coalition, coordinator, corporation_officer, tool, pilot, wijkteam, verified_client
):
    evaluation = services.tool_evaluation_record(
        actor=actor_for(corporation_officer), tool=tool, outcome="partly", context="Flat", text="Soms"
    )
    client = verified_client(coordinator)
    toolbox = f"/afspraken/{coalition.uuid}/gereedschapskist/"
    roadmap = f"/afspraken/{coalition.uuid}/routekaart/"

    assert 'data-testid="tool-edit"' not in verified_client(corporation_officer).get(toolbox).content.decode()
    kept = client.post(toolbox, {"form": "tool-delete", "tool": str(tool.uuid)}, follow=True)
    assert "evaluaties" in kept.content.decode() and Tool.objects.exists()
    removed = verified_client(corporation_officer).post(
        toolbox, {"form": "evaluation-remove", "tool": str(tool.uuid), "evaluation": str(evaluation.uuid)}
    )
    assert removed.status_code == 302 and not ToolEvaluation.objects.exists()
    edit = {"form": "tool-edit", "tool": str(tool.uuid), "name": "", "description": "x"}
    assert client.post(toolbox, edit).status_code == 400
    assert client.post(toolbox, {**edit, "name": "Buurtkamer Oost"}).status_code == 302

    pilot_edit = {
        "form": "pilot-edit",
        "pilot": str(pilot.uuid),
        "title": "Wijkbudget Oost",
        "goal": "x",
        "owner": str(wijkteam.uuid),
        "starts_on": "2026-01-10",
    }
    assert client.post(roadmap, {**pilot_edit, "ends_on": "2025-01-01"}).status_code == 400
    assert client.post(roadmap, pilot_edit).status_code == 302
    assert Pilot.objects.get().title == "Wijkbudget Oost" and Tool.objects.get().name == "Buurtkamer Oost"
    assert client.post(roadmap, {"form": "pilot-delete", "pilot": str(pilot.uuid)}).status_code == 302
    assert not Pilot.objects.exists()
