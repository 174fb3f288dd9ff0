from datetime import date

from wijkverband.schemes.models import Scheme, Service


def test_demo_catalogue_loads_at_least_fifty_dated_schemes(demo_catalogue):
    assert demo_catalogue.created >= 70
    assert Scheme.objects.count() >= 50
    assert not Scheme.objects.filter(last_checked_on__isnull=True).exists()
    national = Scheme.objects.filter(is_example=False)
    assert {"huurtoeslag", "zorgtoeslag", "kindgebonden-budget", "bijzondere-bijstand", "schuldhulpverlening"} <= set(
        national.values_list("code", flat=True)
    )


def test_local_examples_are_marked_in_name_and_flag(demo_catalogue):
    examples = Scheme.objects.filter(is_example=True)
    assert examples.count() >= 10
    assert all("(voorbeeld)" in s.name for s in examples)
    assert all(s.is_example and "(voorbeeld)" in s.name for s in Service.objects.all())


def test_demo_keeps_an_expired_scheme(demo_catalogue):
    expired = Scheme.objects.get(code="energietoeslag-2023")
    assert expired.valid_until == date(2023, 12, 31)
