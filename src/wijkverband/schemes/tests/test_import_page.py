"""The web import: the command's importer behind an upload, first a dry run, then apply; all or nothing."""

import json

from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

import pytest

from wijkverband.organisations.constants import Role
from wijkverband.schemes import formats
from wijkverband.schemes.models import CatalogueEditor, Scheme
from wijkverband.schemes.services import ImportRejected, catalogue_import, scheme_export
from wijkverband.testing import factories
from wijkverband.testing.actors import actor_for

from .conftest import scheme_values

pytestmark = pytest.mark.django_db

URL = "/regelingen/beheer/importeren/"


@pytest.fixture
def editor(gemeente):
    user = factories.UserFactory(username="redacteur", display_name="Rita Redacteur")
    factories.MembershipFactory(user=user, organisation=gemeente, role=Role.PROFESSIONAL)
    CatalogueEditor.objects.create(user=user, organisation=gemeente)
    return user


def _json(*schemes):
    return json.dumps({"format": "wijkverband-regelingen", "version": 1, "schemes": list(schemes)}).encode()


def _upload(content: bytes, name: str = "catalogus.json"):
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


# --- service -------------------------------------------------------------------------------------


def test_a_dry_run_reports_new_and_changed_fields_and_writes_nothing(make_scheme):
    make_scheme(code="bestaand", name="Oude naam")
    rows, problems = formats.json_rows(
        _json(scheme_values(code="bestaand", name="Nieuwe naam"), scheme_values(code="nieuw")).decode()
    )

    report = catalogue_import(rows=rows, file_problems=problems, dry_run=True)

    assert (report.created, report.updated) == (1, 1)
    changes = [(c.code, c.is_new, c.fields) for c in report.changes]
    assert changes == [("bestaand", False, ("name",)), ("nieuw", True, ())]
    assert sorted(Scheme.objects.values_list("code", "name")) == [("bestaand", "Oude naam")]


def test_an_unchanged_export_reimports_as_unchanged(make_scheme):
    scheme = make_scheme(code="gelijk", eligibility={"age_min": 18}, documents=["Paspoort"])
    rows, problems = formats.json_rows(_json(scheme_export(scheme)).decode())

    report = catalogue_import(rows=rows, file_problems=problems, dry_run=True)

    assert [(c.code, c.fields) for c in report.changes] == [("gelijk", ())]
    assert report.unchanged == 1


def test_an_editor_imports_only_items_of_their_own_organisation(editor, gemeente, wijkteam, make_scheme):
    make_scheme(code="van-wijkteam", organisation=wijkteam.name)
    rows, problems = formats.json_rows(
        _json(
            scheme_values(code="eigen", organisation=""),
            scheme_values(code="ander", organisation=wijkteam.name),
            scheme_values(code="van-wijkteam", organisation=""),
        ).decode()
    )

    with pytest.raises(ImportRejected) as rejected:
        catalogue_import(rows=rows, file_problems=problems, actor=actor_for(editor))

    assert rejected.value.report.problems == [
        "schemes[1] (ander): U kunt alleen items van uw eigen organisatie importeren.",
        "schemes[2] (van-wijkteam): Deze code hoort bij een item van een andere organisatie.",
    ]
    assert not Scheme.objects.filter(code="eigen").exists()


def test_someone_who_is_no_editor_cannot_import(gemeente, wijkcoach):
    rows, problems = formats.json_rows(_json(scheme_values(code="x")).decode())
    with pytest.raises(PermissionDenied):
        catalogue_import(rows=rows, file_problems=problems, actor=actor_for(wijkcoach))
    assert Scheme.objects.count() == 0


# --- page ----------------------------------------------------------------------------------------


def test_the_page_shows_a_dry_run_and_applies_the_same_file(editor, gemeente, verified_client):
    client = verified_client(editor)
    assert client.get(URL).status_code == 200

    preview = client.post(URL, {"file": _upload(_json(scheme_values(code="oss-nieuw", organisation="")))})

    assert preview.status_code == 200
    assert preview.context["report"].dry_run and preview.context["report"].created == 1
    assert 'data-testid="import-preview"' in preview.content.decode()
    assert Scheme.objects.count() == 0

    content = preview.context["form"].initial["content"]
    applied = client.post(URL, {"content": content, "file_name": "catalogus.json", "apply": "1"})

    assert applied.status_code == 302
    scheme = Scheme.objects.get(code="oss-nieuw")
    assert scheme.organisation == gemeente


def test_a_csv_upload_needs_its_kind_and_then_imports(editor, gemeente, make_scheme, verified_client):
    csv_text = formats.csv_write("scheme", [scheme_values(code="uit-csv", organisation="", name="Uit CSV")])
    client = verified_client(editor)

    without_kind = client.post(URL, {"file": _upload(csv_text.encode(), "lijst.csv")})
    with_kind = client.post(URL, {"file": _upload(csv_text.encode(), "lijst.csv"), "kind": "scheme"})

    assert without_kind.status_code == 400
    assert without_kind.context["form"].errors["kind"] == ["Geef aan of het CSV-bestand regelingen of diensten bevat."]
    assert with_kind.status_code == 200 and with_kind.context["report"].created == 1
    assert not Scheme.objects.filter(code="uit-csv").exists()

    initial = with_kind.context["form"].initial
    applied = client.post(
        URL, {"content": initial["content"], "file_name": initial["file_name"], "kind": "scheme", "apply": "1"}
    )
    assert applied.status_code == 302
    assert Scheme.objects.get(code="uit-csv").name == "Uit CSV"


def test_a_bad_file_gets_a_dutch_report_per_row_and_writes_nothing(editor, gemeente, verified_client):
    client = verified_client(editor)
    bad_rows = client.post(URL, {"file": _upload(_json(scheme_values(code="fout", schoenmaat=42, organisation="")))})
    not_json = client.post(URL, {"file": _upload(b"{dit is geen json")})
    not_utf8 = client.post(URL, {"file": _upload("café".encode("latin-1"), "lijst.csv"), "kind": "scheme"})
    nothing = client.post(URL, {})

    assert bad_rows.status_code == 400
    assert bad_rows.context["report"].problems == ["schemes[0] (fout): Onbekend veld: schoenmaat."]
    assert "Er is niets opgeslagen." in bad_rows.content.decode()
    assert not_json.status_code == 400 and "geen geldige JSON" in not_json.context["report"].problems[0]
    assert not_utf8.status_code == 400
    assert not_utf8.context["form"].non_field_errors() == ["Het bestand is geen UTF-8-tekst."]
    assert nothing.status_code == 400
    assert nothing.context["form"].non_field_errors() == ["Kies een bestand om te importeren."]
    assert Scheme.objects.count() == 0


def test_a_tampered_apply_is_checked_again(editor, gemeente, verified_client):
    tampered = _json(scheme_values(code="stiekem", organisation="", onbekend="ja")).decode()
    response = verified_client(editor).post(URL, {"content": tampered, "file_name": "x.json", "apply": "1"})
    assert response.status_code == 400
    assert Scheme.objects.count() == 0
