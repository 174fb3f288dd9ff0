"""The plan pages as a professional uses them: forms post, bad input re-renders in Dutch, no N+1."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from wijkverband.cases import services
from wijkverband.cases.models import CaseAction, CaseParticipant, PlanEntry
from wijkverband.testing.actors import actor_for

pytestmark = pytest.mark.django_db


def _director(plan, user):
    return CaseParticipant.objects.get(plan=plan, user=user, removed_at__isnull=True)


def test_the_plan_page_shows_the_residents_words_and_team(eva_plan, wijkcoach, corporation_in_plan, verified_client):
    response = verified_client(wijkcoach).get(f"/plannen/{eva_plan.uuid}/")

    assert response.status_code == 200
    body = response.content.decode()
    assert "Een adres zodat mijn studiefinanciering blijft" in body
    assert "Maasland Wonen" in body
    assert "Regievoerder" in body


@pytest.mark.parametrize("persona", ["outsider", "manager", "functional_admin", "corporation_officer"])
def test_others_get_a_plain_404(request, eva_plan, persona, verified_client):
    user = request.getfixturevalue(persona)
    client = verified_client(user)

    assert client.get(f"/plannen/{eva_plan.uuid}/").status_code == 404
    assert client.get(f"/plannen/{eva_plan.uuid}/pdf/").status_code == 404
    assert client.get(f"/plannen/{eva_plan.uuid}/tijdlijn/").status_code == 404
    assert client.post(f"/plannen/{eva_plan.uuid}/vragen/", {"kind": "want", "text": "x"}).status_code == 404
    assert PlanEntry.objects.count() == 4


def test_adding_an_answer_from_the_page(eva_plan, wijkcoach, verified_client):
    response = verified_client(wijkcoach).post(
        f"/plannen/{eva_plan.uuid}/vragen/", {"kind": "can", "text": "Ik kan koken voor de buren", "for_others": "on"}
    )

    assert response.status_code == 302
    entry = PlanEntry.objects.get(text="Ik kan koken voor de buren")
    assert entry.for_others


def test_an_agreement_without_accountable_is_refused_in_dutch(
    eva_plan, wijkcoach, corporation_in_plan, verified_client
):
    director = _director(eva_plan, wijkcoach)
    response = verified_client(wijkcoach).post(
        f"/plannen/{eva_plan.uuid}/afspraken/",
        {
            "description": "Briefadres regelen",
            "owner": str(director.uuid),
            "due_on": timezone.localdate().isoformat(),
            f"role_{director.uuid}": "R",
            f"role_{corporation_in_plan.uuid}": "C",
        },
    )

    assert response.status_code == 400
    assert "Precies één deelnemer moet Accountable (A) zijn." in response.content.decode()
    assert CaseAction.objects.count() == 0


def test_a_forbidden_status_change_is_explained(eva_plan, wijkcoach, verified_client):
    response = verified_client(wijkcoach).post(
        f"/plannen/{eva_plan.uuid}/status/", {"to_status": "watch", "reason": "Gaat goed"}
    )

    assert response.status_code == 400
    eva_plan.refresh_from_db()
    assert eva_plan.status == "registered"


def test_scaling_down_to_waakvlam_from_the_page(eva_plan, wijkcoach, verified_client):
    client = verified_client(wijkcoach)
    director = _director(eva_plan, wijkcoach)
    for status in ("active", "scaling_down"):
        assert (
            client.post(f"/plannen/{eva_plan.uuid}/status/", {"to_status": status, "reason": "Stap"}).status_code == 302
        )

    response = client.post(
        f"/plannen/{eva_plan.uuid}/status/",
        {
            "to_status": "watch",
            "reason": "Zelfstandig",
            "watch_contact": str(director.uuid),
            "interval_weeks": 6,
            "period_months": 6,
        },
    )

    assert response.status_code == 302
    eva_plan.refresh_from_db()
    assert eva_plan.status == "watch"
    assert eva_plan.watches.get().contacts.count() == 4


def test_the_work_list_shows_my_overdue_agreements(eva_plan, wijkcoach, verified_client):
    director = _director(eva_plan, wijkcoach)
    action = services.case_action_create(
        actor=actor_for(wijkcoach),
        plan=eva_plan,
        description="DUO bellen",
        owner_uuid=director.uuid,
        due_on=timezone.localdate(),
    )
    CaseAction.objects.filter(pk=action.pk).update(due_on=timezone.localdate() - timedelta(days=3))

    response = verified_client(wijkcoach).get("/plannen/werklijst/")

    assert response.status_code == 200
    assert response.context["work"].my_overdue == [action]
    assert "DUO bellen" in response.content.decode()


def test_the_pdf_and_print_page_hold_the_plan(eva_plan, wijkcoach, verified_client):
    client = verified_client(wijkcoach)

    pdf = client.get(f"/plannen/{eva_plan.uuid}/pdf/")
    printable = client.get(f"/plannen/{eva_plan.uuid}/afdrukken/")

    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert "Een eigen kamer en mijn studie afmaken" in printable.content.decode()


def _fill(plan, user, n):
    director = _director(plan, user)
    actor = actor_for(user)
    for i in range(n):
        services.plan_entry_add(actor=actor, plan=plan, kind="need", text=f"Behoefte {i}")
        services.case_action_create(
            actor=actor, plan=plan, description=f"Afspraak {i}", owner_uuid=director.uuid, due_on=timezone.localdate()
        )
        services.meeting_record(
            actor=actor, plan=plan, kind="kitchen_table", held_on=timezone.localdate(), attendee_uuids=[director.uuid]
        )
        services.measurement_record(
            actor=actor,
            plan=plan,
            instrument_code="wellbeing",
            measured_on=timezone.localdate(),
            moment="review",
            scores={None: 5},
        )


def test_the_plan_page_and_work_list_take_a_constant_number_of_queries(eva_plan, wijkcoach, verified_client):
    client = verified_client(wijkcoach)

    def count(path):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
        return len(queries)

    _fill(eva_plan, wijkcoach, 2)
    small_plan, small_list = count(f"/plannen/{eva_plan.uuid}/"), count("/plannen/werklijst/")
    _fill(eva_plan, wijkcoach, 12)
    large_plan, large_list = count(f"/plannen/{eva_plan.uuid}/"), count("/plannen/werklijst/")

    assert large_plan == small_plan
    assert large_list == small_list
