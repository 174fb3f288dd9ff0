"""Data: the measuring instruments (from fixtures/instruments.json) and the daily reminder job."""

from django.db import migrations


def load_instruments(apps, schema_editor):
    from wijkverband.cases.instruments import instruments_load

    instruments_load(
        apps.get_model("cases", "Instrument"),
        apps.get_model("cases", "InstrumentDomain"),
        apps.get_model("cases", "InstrumentLevel"),
    )


def schedule_reminders(apps, schema_editor):
    Schedule = apps.get_model("django_q", "Schedule")
    Schedule.objects.update_or_create(
        name="waakvlam-herinneringen",
        defaults={"func": "wijkverband.cases.tasks.watch_reminders", "schedule_type": "D", "repeats": -1},
    )


def unschedule_reminders(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name="waakvlam-herinneringen").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0001_initial"),
        ("django_q", "0014_schedule_cluster"),
    ]

    operations = [
        migrations.RunPython(load_instruments, migrations.RunPython.noop),
        migrations.RunPython(schedule_reminders, unschedule_reminders),
    ]
