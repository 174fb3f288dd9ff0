"""Data: the weekly match run (proposals only; a coordinator still accepts each one)."""

from django.db import migrations


def schedule_weekly_run(apps, schema_editor):
    Schedule = apps.get_model("django_q", "Schedule")
    Schedule.objects.update_or_create(
        name="wekelijkse-matchingsronde",
        defaults={"func": "wijkverband.placements.tasks.weekly_match_run", "schedule_type": "W", "repeats": -1},
    )


def unschedule_weekly_run(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name="wekelijkse-matchingsronde").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("placements", "0003_three_way_meetings_and_matching_settings"),
        ("django_q", "0014_schedule_cluster"),
    ]

    operations = [migrations.RunPython(schedule_weekly_run, unschedule_weekly_run)]
