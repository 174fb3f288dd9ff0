"""The database table behind the "shared" cache (settings.CACHES), which holds the public page's rate limit.

Created by a migration rather than a separate ``createcachetable`` step, so `make run`, the tests and
every deployment get it from ``migrate`` alone."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("signals", "0003_outreach_for_buildings_and_neighbourhoods")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
