"""Load the shipped calendar data (decreed days off, make-up days, office hours)."""

from django.db import migrations


def load(apps, schema_editor):
    from motcua.workdays.services import load_rows

    load_rows(
        apps.get_model("workdays", "CalendarException"),
        apps.get_model("workdays", "OfficeHoursRule"),
    )


class Migration(migrations.Migration):
    dependencies = [("workdays", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
