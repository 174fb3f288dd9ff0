"""A professional turns a scheme from the wizard's result into an agreement in a resident's plan."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

import pytest

from wijkverband.audit.models import AuditEvent
from wijkverband.cases.models import ActionRole, CaseAction, CaseParticipant
from wijkverband.core.exceptions import NotVisible
from wijkverband.schemes.models import Scheme, Service
from wijkverband.schemes.services import catalogue_item_plan_attach
from wijkverband.testing.actors import actor_for

pytestmark = pytest.mark.django_db


def _wizard_query():
    return {"toon": "1", "age": "20", "area": "WK082806", "income": "100", "housing": "with_others"}


def test_the_scheme_becomes_an_agreement_owned_by_the_professional(demo_catalogue, eva_plan, wijkcoach):
    scheme = Scheme.objects.get(code="bijzondere-bijstand")
    due = timezone.localdate() + timedelta(days=7)

    action = catalogue_item_plan_attach(
        actor=actor_for(wijkcoach), plan_uuid=eva_plan.uuid, item=scheme, description="Borg aanvragen", due_on=due
    )

    assert (action.plan, action.description, action.due_on) == (eva_plan, "Borg aanvragen", due)
    assert (action.resource_kind, action.resource_uuid, action.resource_label) == (
        "scheme",
        scheme.uuid,
        "Bijzondere bijstand",
    )
    owner = CaseParticipant.objects.get(plan=eva_plan, user=wijkcoach)
    assert action.owner == owner
    assert list(ActionRole.objects.filter(action=action).values_list("participant", "role")) == [(owner.pk, "A")]
    assert AuditEvent.objects.filter(event_type="case_action.create", object_uuid=action.uuid).exists()


def test_someone_outside_the_plan_cannot_attach_and_nothing_is_written(demo_catalogue, eva_plan, outsider):
    scheme = Scheme.objects.get(code="bijzondere-bijstand")
    with pytest.raises(NotVisible):
        catalogue_item_plan_attach(
            actor=actor_for(outsider),
            plan_uuid=eva_plan.uuid,
            item=scheme,
            description="Poging",
            due_on=timezone.localdate(),
        )
    assert CaseAction.objects.count() == 0


def test_an_expired_scheme_or_inactive_service_cannot_be_attached(demo_catalogue, eva_plan, wijkcoach):
    expired = Scheme.objects.get(code="energietoeslag-2023")
    service = Service.objects.filter(is_active=True).first()
    Service.objects.filter(pk=service.pk).update(is_active=False)
    service.refresh_from_db()

    for item in (expired, service):
        with pytest.raises(ValidationError) as error:
            catalogue_item_plan_attach(
                actor=actor_for(wijkcoach),
                plan_uuid=eva_plan.uuid,
                item=item,
                description="Te laat",
                due_on=timezone.localdate(),
            )
        assert error.value.message_dict["item"] == [
            "Deze regeling of dienst wordt niet meer aangeboden; kies een actuele."
        ]
    assert CaseAction.objects.count() == 0


def test_the_professionals_wizard_result_links_to_the_plan_form(demo_catalogue, eva_plan, wijkcoach, verified_client):
    anonymous = Client().get("/regelingen/wijzer/", _wizard_query()).content.decode()
    assert 'data-testid="attach-link"' not in anonymous

    client = verified_client(wijkcoach)
    page = client.get("/regelingen/wijzer/", _wizard_query()).content.decode()
    scheme = Scheme.objects.get(code="bijzondere-bijstand")
    assert f"/regelingen/regeling/{scheme.uuid}/in-plan/?terug=" in page

    back = "/regelingen/wijzer/?toon=1&age=20"
    form_page = client.get(f"/regelingen/regeling/{scheme.uuid}/in-plan/", {"terug": back})
    assert form_page.status_code == 200
    assert form_page.context["back"] == back
    assert [value for value, _label in form_page.context["form"].fields["plan"].choices] == ["", str(eva_plan.uuid)]
    assert form_page.context["form"].initial["description"] == "Aanvragen: Bijzondere bijstand"
    # The wizard's answers came along in its address only; the page shows the reasons again.
    assert form_page.context["match"].verdict in ("likely", "possible")
    assert 'data-testid="wizard-reasons"' in form_page.content.decode()
    elsewhere = client.get(f"/regelingen/regeling/{scheme.uuid}/in-plan/", {"terug": "https://evil.example/"})
    assert (elsewhere.context["back"], elsewhere.context["match"]) == ("", None)

    response = client.post(
        f"/regelingen/regeling/{scheme.uuid}/in-plan/",
        {"plan": str(eva_plan.uuid), "description": "Aanvragen: Bijzondere bijstand", "due_on": "2099-01-01"},
    )

    assert response.status_code == 302
    assert response["Location"] == f"/plannen/{eva_plan.uuid}/#afspraken"
    assert CaseAction.objects.get().resource_uuid == scheme.uuid


def test_a_past_date_or_unknown_plan_is_refused_in_dutch(demo_catalogue, eva_plan, wijkcoach, verified_client):
    scheme = Scheme.objects.get(code="bijzondere-bijstand")
    client = verified_client(wijkcoach)
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()

    past = client.post(
        f"/regelingen/regeling/{scheme.uuid}/in-plan/",
        {"plan": str(eva_plan.uuid), "description": "Aanvragen", "due_on": yesterday},
    )
    unknown = client.post(
        f"/regelingen/regeling/{scheme.uuid}/in-plan/",
        {"plan": "11111111-1111-1111-1111-111111111111", "description": "Aanvragen", "due_on": "2099-01-01"},
    )

    assert past.status_code == 400
    assert past.context["form"].errors["due_on"] == [
        "De datum van een nieuwe afspraak kan niet in het verleden liggen."
    ]
    assert unknown.status_code == 400 and unknown.context["form"].errors["plan"]
    assert CaseAction.objects.count() == 0


def test_roles_without_personal_data_and_strangers_get_a_404(demo_catalogue, eva_plan, manager, verified_client):
    scheme = Scheme.objects.get(code="bijzondere-bijstand")
    assert verified_client(manager).get(f"/regelingen/regeling/{scheme.uuid}/in-plan/").status_code == 404
    assert Client().get(f"/regelingen/regeling/{scheme.uuid}/in-plan/").status_code == 302


def test_an_outsider_sees_no_plans_to_attach_to(demo_catalogue, eva_plan, outsider, verified_client):
    scheme = Scheme.objects.get(code="bijzondere-bijstand")
    page = verified_client(outsider).get(f"/regelingen/regeling/{scheme.uuid}/in-plan/")
    assert page.status_code == 200
    assert page.context["plans"] == []
    assert 'data-testid="no-plans"' in page.content.decode()
