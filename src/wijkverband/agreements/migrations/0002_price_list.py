"""Data: the maatschappelijke prijslijst from fixtures/price_list.json."""

from django.db import migrations


def load_price_list(apps, schema_editor):
    from wijkverband.agreements.pricelist import price_list_load

    price_list_load(apps.get_model("agreements", "PriceItem"))


class Migration(migrations.Migration):
    dependencies = [("agreements", "0001_initial")]

    operations = [migrations.RunPython(load_price_list, migrations.RunPython.noop)]
