"""Decision 0005: events carry their own keyed hash; a sealer chains them afterwards.

Existing events were chained under the old scheme; they are re-hashed and sealed here, in their old
order, so the trail stays verifiable. Run `wijkverband audit verify` before upgrading to be sure the
old chain was intact: this migration trusts the rows as it finds them.
"""

from django.conf import settings
from django.db import migrations, models

TRIGGER_TABLES = ("audit_auditevent", "audit_auditseal")


def _drop_guards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP TRIGGER IF EXISTS audit_event_no_update ON audit_auditevent;")
    else:
        schema_editor.execute("DROP TRIGGER IF EXISTS audit_event_no_update;")


def _create_guards(apps, schema_editor, tables=TRIGGER_TABLES):
    for table in tables:
        name = f"{table}_no_update"
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(
                "CREATE OR REPLACE FUNCTION audit_event_refuse_update() RETURNS trigger AS $$ "
                "BEGIN RAISE EXCEPTION 'audit events are append-only'; END; $$ LANGUAGE plpgsql;"
            )
            schema_editor.execute(
                f"CREATE TRIGGER {name} BEFORE UPDATE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION audit_event_refuse_update();"
            )
        else:
            schema_editor.execute(
                f"CREATE TRIGGER IF NOT EXISTS {name} BEFORE UPDATE ON {table} "
                "BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;"
            )


def _restore_old_guard(apps, schema_editor):
    _create_guards(apps, schema_editor, tables=("audit_auditevent",))


def _drop_new_guards(apps, schema_editor):
    for table in TRIGGER_TABLES:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_update ON {table};")
        else:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_update;")


def rehash_and_seal(apps, schema_editor):
    from django.utils import timezone

    from wijkverband.audit import chain

    AuditEvent = apps.get_model("audit", "AuditEvent")
    AuditSeal = apps.get_model("audit", "AuditSeal")
    AuditChainHead = apps.get_model("audit", "AuditChainHead")
    key, now = settings.AUDIT_HMAC_KEY, timezone.now()
    position, previous, last_id = 0, chain.GENESIS, 0
    seals = []
    for row in AuditEvent.objects.order_by("id").values("id", *chain.HASHED_FIELDS).iterator(chunk_size=2000):
        hashed = chain.event_hash(key, row)
        AuditEvent.objects.filter(pk=row["id"]).update(hash=hashed)
        position += 1
        digest = chain.seal_link(key, previous, position, row["id"], hashed)
        seals.append(
            AuditSeal(
                position=position, event_id=row["id"], event_hash=hashed, previous_hash=previous, hash=digest, sealed_at=now
            )
        )
        previous, last_id = digest, row["id"]
        if len(seals) >= 2000:
            AuditSeal.objects.bulk_create(seals)
            seals = []
    AuditSeal.objects.bulk_create(seals)
    AuditChainHead.objects.update_or_create(
        pk=1, defaults={"last_position": position, "last_hash": previous, "sealed_through_id": last_id}
    )


def schedule_sealer(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.update_or_create(
        name="audit-verzegelen",
        defaults={"func": "wijkverband.audit.tasks.audit_seal", "schedule_type": "I", "minutes": 1, "repeats": -1},
    )


def unschedule_sealer(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name="audit-verzegelen").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0002_append_only_triggers"),
        ("django_q", "0014_schedule_cluster"),
    ]

    operations = [
        migrations.RunPython(_drop_guards, _restore_old_guard),
        migrations.RemoveIndex(model_name="auditevent", name="audit_resident_seq"),
        migrations.RemoveField(model_name="auditevent", name="sequence"),
        migrations.RemoveField(model_name="auditevent", name="previous_hash"),
        migrations.AlterModelOptions(
            name="auditevent",
            options={"ordering": ["-id"], "verbose_name": "audit event", "verbose_name_plural": "audit events"},
        ),
        migrations.AddIndex(
            model_name="auditevent",
            index=models.Index(fields=["resident_uuid", "-id"], name="audit_resident_id"),
        ),
        migrations.RenameField(model_name="auditchainhead", old_name="last_sequence", new_name="last_position"),
        migrations.AddField(
            model_name="auditchainhead", name="sealed_through_id", field=models.BigIntegerField(default=0)
        ),
        migrations.CreateModel(
            name="AuditSeal",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("position", models.PositiveBigIntegerField(unique=True)),
                ("event_id", models.BigIntegerField(unique=True)),
                ("event_hash", models.CharField(max_length=64)),
                ("previous_hash", models.CharField(max_length=64)),
                ("hash", models.CharField(max_length=64)),
                ("sealed_at", models.DateTimeField()),
            ],
            options={"ordering": ["position"]},
        ),
        migrations.RunPython(rehash_and_seal, migrations.RunPython.noop),
        migrations.RunPython(_create_guards, _drop_new_guards),
        migrations.RunPython(schedule_sealer, unschedule_sealer),
    ]
