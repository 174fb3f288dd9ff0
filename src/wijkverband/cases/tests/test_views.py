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

    paths = [
        f"/plannen/{eva_plan.uuid}/",
        "/plannen/werklijst/",
        f"/api/v1/case-plans/{eva_plan.uuid}",
        "/api/v1/work-list",
    ]
    _fill(eva_plan, wijkcoach, 2)
    [count(path) for path in paths]  # the first request also loads per-process reference data (instruments)
    small = [count(path) for path in paths]
    _fill(eva_plan, wijkcoach, 12)
    large = [count(path) for path in paths]

    assert large == small


def _invite_options(response):
    form = response.context["forms"]["invite"]
    return {label for value, label in form.fields["membership"].choices if value}


def test_the_invite_list_offers_professionals_of_organisations_with_consent(
    eva_plan, wijkcoach, corporation, corporation_officer, outsider, verified_client
):
    from wijkverband.consent.constants import ConsentScope
    from wijkverband.testing.consents import consent_for

    consent_for(eva_plan.resident, wijkcoach, corporation, ConsentScope.CASE_PLAN)

    options = _invite_options(verified_client(wijkcoach).get(f"/plannen/{eva_plan.uuid}/"))

    assert any("Maasland Wonen" in label for label in options)
    assert not any("Politie Maasland" in label for label in options)  # no consent: found by searching only
    assert not any(str(wijkcoach) in label and "Wijkteam" in label for label in options)  # already in the team


def test_searching_finds_a_professional_of_any_organisation_and_the_invite_works(
    eva_plan, wijkcoach, outsider, other_organisation, verified_client
):
    from wijkverband.organisations.models import Membership

    client = verified_client(wijkcoach)

    page = client.get(f"/plannen/{eva_plan.uuid}/", {"professional": "politie"})
    membership = Membership.objects.get(user=outsider, organisation=other_organisation)
    response = client.post(f"/plannen/{eva_plan.uuid}/team/uitnodigen/", {"membership": str(membership.uuid)})

    assert any("Politie Maasland" in label for label in _invite_options(page))
    assert response.status_code == 302
    assert CaseParticipant.objects.filter(plan=eva_plan, user=outsider, removed_at__isnull=True).exists()


def test_inviting_someone_who_is_not_a_professional_is_refused_in_dutch(
    eva_plan, wijkcoach, manager, wijkteam, verified_client
):
    from wijkverband.organisations.models import Membership

    membership = Membership.objects.get(user=manager, organisation=wijkteam)

    response = verified_client(wijkcoach).post(
        f"/plannen/{eva_plan.uuid}/team/uitnodigen/", {"membership": str(membership.uuid)}
    )

    assert response.status_code == 400
    assert "Selecteer een geldige keuze" in response.content.decode()
    assert not CaseParticipant.objects.filter(plan=eva_plan, user=manager).exists()


def test_a_long_work_list_shows_the_most_urgent_first_with_the_exact_total(eva_plan, wijkcoach, verified_client):
    director = _director(eva_plan, wijkcoach)
    today = timezone.localdate()
    for day in range(60):
        services.case_action_create(
            actor=actor_for(wijkcoach),
            plan=eva_plan,
            description=f"Afspraak {day:02d}",
            owner_uuid=director.uuid,
            due_on=today + timedelta(days=day),
        )
    client = verified_client(wijkcoach)

    page = client.get("/plannen/werklijst/")
    expanded = client.get("/plannen/werklijst/", {"toon": "my_upcoming"})

    work = page.context["work"]
    assert work.counts["my_upcoming"] == 60
    assert [a.description for a in work.my_upcoming] == [f"Afspraak {day:02d}" for day in range(25)]
    assert "De 25 meest dringende van 60 staan hier." in page.content.decode()
    assert len(expanded.context["work"].my_upcoming) == 60
