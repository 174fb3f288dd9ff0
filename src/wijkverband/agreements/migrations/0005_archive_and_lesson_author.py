# Archiving performance and framework agreements, KPIs and area budgets; the author of a lesson.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('agreements', '0004_pilot_reminders'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='areabudget',
            name='archived_on',
            field=models.DateField(blank=True, null=True, verbose_name='archived on'),
        ),
        migrations.AddField(
            model_name='frameworkagreement',
            name='archived_on',
            field=models.DateField(blank=True, null=True, verbose_name='archived on'),
        ),
        migrations.AddField(
            model_name='kpi',
            name='archived_on',
            field=models.DateField(blank=True, null=True, verbose_name='archived on'),
        ),
        migrations.AddField(
            model_name='lesson',
            name='recorded_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='performanceagreement',
            name='archived_on',
            field=models.DateField(blank=True, null=True, verbose_name='archived on'),
        ),
    ]
