"""The importers answer to the names the issue uses (`wijkverband import-cbs …`) as well as to Django's."""

import sys

import pytest

from wijkverband import cli


@pytest.mark.parametrize(
    ("typed", "command"),
    [("import-cbs", "import_cbs"), ("import-leefbaarometer", "import_leefbaarometer"), ("import_geo", "import_geo")],
)
def test_hyphenated_command_names_run_the_django_command(monkeypatch, typed, command):
    ran = []
    monkeypatch.setattr("django.core.management.execute_from_command_line", ran.append)
    monkeypatch.setattr(sys, "argv", ["wijkverband", typed, "kwb-2024.csv", "--year", "2024"])

    cli.main()

    assert ran == [["wijkverband", command, "kwb-2024.csv", "--year", "2024"]]


def test_options_and_file_names_keep_their_hyphens(monkeypatch):
    ran = []
    monkeypatch.setattr("django.core.management.execute_from_command_line", ran.append)
    monkeypatch.setattr(sys, "argv", ["wijkverband", "--version"])

    cli.main()

    assert ran == [["wijkverband", "--version"]]
