# Provider secrets in Firm.provider_settings are encrypted at rest (steadfast.encryption).

import json

import steadfast.firms.fields
from django.db import migrations


def encrypt_existing(apps, schema_editor):
    # The field reads clear values as they are and writes them encrypted: loading and saving
    # each firm encrypts what was stored in clear before this migration.
    Firm = apps.get_model("firms", "Firm")
    for firm in Firm.objects.using(schema_editor.connection.alias).only("pk", "provider_settings"):
        if firm.provider_settings:
            Firm.objects.filter(pk=firm.pk).update(provider_settings=firm.provider_settings)


def decrypt_existing(apps, schema_editor):
    # Back to the plain JSON field: write the clear values around the field's encryption.
    Firm = apps.get_model("firms", "Firm")
    connection = schema_editor.connection
    cast = "::jsonb" if connection.vendor == "postgresql" else ""
    with connection.cursor() as cursor:
        for firm in Firm.objects.only("pk", "provider_settings"):
            if firm.provider_settings:
                cursor.execute(
                    f"UPDATE firms_firm SET provider_settings = %s{cast} WHERE id = %s",
                    [json.dumps(firm.provider_settings), firm.pk],
                )


class Migration(migrations.Migration):

    dependencies = [
        ("firms", "0002_compliance_overrides_validated"),
    ]

    operations = [
        migrations.AlterField(
            model_name="firm",
            name="provider_settings",
            field=steadfast.firms.fields.ProviderSettingsField(blank=True, default=dict),
        ),
        migrations.RunPython(encrypt_existing, decrypt_existing),
    ]
