"""Data: the Dutch category set and the two daily jobs (escalation, arrears retention)."""

from django.db import migrations

SCHEDULES = {
    "signalen-escalatie": "wijkverband.signals.tasks.escalate_overdue",
    "signalen-bewaartermijn": "wijkverband.signals.tasks.arrears_retention",
}


def load_categories(apps, schema_editor):
    from wijkverband.signals.categories import categories_load

    categories_load(apps.get_model("signals", "SignalCategory"))


def schedule(apps, schema_editor):
    Schedule = apps.get_model("django_q", "Schedule")
    for name, func in SCHEDULES.items():
        Schedule.objects.update_or_create(name=name, defaults={"func": func, "schedule_type": "D", "repeats": -1})


def unschedule(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name__in=list(SCHEDULES)).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("signals", "0001_initial"),
        ("django_q", "0014_schedule_cluster"),
    ]

    operations = [
        migrations.RunPython(load_categories, migrations.RunPython.noop),
        migrations.RunPython(schedule, unschedule),
    ]
