from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("dispatch", "0009_touch_sends_due"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="touch",
            index=models.Index(
                condition=models.Q(
                    ("alert", True), ("channel", "call"), ("direction", "out"), ("state", "planned")
                ),
                fields=["firm", "due_at", "id"],
                name="touch_alert_calls_due",
            ),
        ),
    ]
