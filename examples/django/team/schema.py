"""Creates or drops the example app's tables on the server in DBRACE_* (or settings): python3 schema.py create|drop."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "myproject.settings")
import django  # noqa: E402
from django.conf import settings  # noqa: E402

db = settings.DATABASES["default"]
for var, key in (("DBRACE_HOST", "HOST"), ("DBRACE_PORT", "PORT"), ("DBRACE_DATABASE", "NAME"), ("DBRACE_USER", "USER")):
    if var in os.environ:
        db[key] = os.environ[var]
django.setup()
from django.db import connection  # noqa: E402
from myapp.models import MyObj, Owner, Thing  # noqa: E402

with connection.schema_editor() as editor:
    for model in (MyObj, Owner, Thing) if sys.argv[1] == "drop" else (Thing, Owner, MyObj):
        exists = model._meta.db_table in connection.introspection.table_names()
        if sys.argv[1] == "drop" and exists:
            editor.delete_model(model)
        elif sys.argv[1] == "create" and not exists:
            editor.create_model(model)
