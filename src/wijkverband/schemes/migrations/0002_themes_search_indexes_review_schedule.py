"""Data and PostgreSQL extras: themes and target groups, search indexes, the daily review reminder job.

The GIN indexes (tsvector and trigram) exist only on PostgreSQL; SQLite searches in Python
(see schemes.textsearch), so there the operations do nothing.
"""

from django.db import migrations

POSTGRES_FORWARDS = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS scheme_search_vector ON schemes_scheme USING gin (search_vector)",
    "CREATE INDEX IF NOT EXISTS service_search_vector ON schemes_service USING gin (search_vector)",
    "CREATE INDEX IF NOT EXISTS searchword_trigram ON schemes_searchword USING gin (word gin_trgm_ops)",
]
POSTGRES_BACKWARDS = [
    "DROP INDEX IF EXISTS searchword_trigram",
    "DROP INDEX IF EXISTS service_search_vector",
    "DROP INDEX IF EXISTS scheme_search_vector",
]


def _run_on_postgres(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


def seed_vocabularies(apps, schema_editor):
    from wijkverband.schemes.constants import TargetGroup, Theme

    for model_name, choices in (("Theme", Theme), ("TargetGroup", TargetGroup)):
        model = apps.get_model("schemes", model_name)
        for value, label in choices.choices:
            # Names are stored as the English msgids; pages translate them.
            model.objects.update_or_create(code=value, defaults={"name": str(label)})


def schedule_review_reminders(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.update_or_create(
        name="regelingen-controleherinneringen",
        defaults={"func": "wijkverband.schemes.tasks.review_reminders", "schedule_type": "D", "repeats": -1},
    )


def unschedule_review_reminders(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name="regelingen-controleherinneringen").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("schemes", "0001_initial"),
        ("django_q", "0014_schedule_cluster"),
    ]

    operations = [
        migrations.RunPython(seed_vocabularies, migrations.RunPython.noop),
        migrations.RunPython(_run_on_postgres(POSTGRES_FORWARDS), _run_on_postgres(POSTGRES_BACKWARDS)),
        migrations.RunPython(schedule_review_reminders, unschedule_review_reminders),
    ]
