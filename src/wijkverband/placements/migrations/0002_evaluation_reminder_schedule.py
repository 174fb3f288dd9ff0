"""Data: the daily reminder job for living evaluations during the trial period."""

from django.db import migrations


def schedule_reminders(apps, schema_editor):
    Schedule = apps.get_model("django_q", "Schedule")
    Schedule.objects.update_or_create(
        name="woonevaluatie-herinneringen",
        defaults={"func": "wijkverband.placements.tasks.evaluation_reminders", "schedule_type": "D", "repeats": -1},
    )


def unschedule_reminders(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name="woonevaluatie-herinneringen").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("placements", "0001_initial"),
        ("django_q", "0014_schedule_cluster"),
    ]

    operations = [migrations.RunPython(schedule_reminders, unschedule_reminders)]
