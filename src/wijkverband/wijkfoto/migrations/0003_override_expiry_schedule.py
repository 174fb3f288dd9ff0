"""Data: the daily job that ends expired traffic-light overrides and records it in the history."""

from django.db import migrations

NAME = "stoplicht-handmatige-kleuren-verlopen"


def schedule_expiry(apps, schema_editor):
    Schedule = apps.get_model("django_q", "Schedule")
    Schedule.objects.update_or_create(
        name=NAME,
        defaults={"func": "wijkverband.wijkfoto.tasks.expire_overrides", "schedule_type": "D", "repeats": -1},
    )


def unschedule_expiry(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("wijkfoto", "0002_levels_complex_stairwell_and_sources"),
        ("django_q", "0014_schedule_cluster"),
    ]

    operations = [migrations.RunPython(schedule_expiry, unschedule_expiry)]
