"""Data: the daily job that reminds owners of pilots whose progress check is due (routekaart)."""

from django.db import migrations


def schedule_reminders(apps, schema_editor):
    Schedule = apps.get_model("django_q", "Schedule")
    Schedule.objects.update_or_create(
        name="routekaart-herinneringen",
        defaults={"func": "wijkverband.agreements.tasks.pilot_reminders", "schedule_type": "D", "repeats": -1},
    )


def unschedule_reminders(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name="routekaart-herinneringen").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0003_toolbox_roadmap"),
        ("django_q", "0014_schedule_cluster"),
    ]

    operations = [migrations.RunPython(schedule_reminders, unschedule_reminders)]
