"""The same project on PostgreSQL."""
from myproject.settings import *  # noqa: F401,F403

DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "HOST": "127.0.0.1", "PORT": 5432,
                         "NAME": "test", "USER": "postgres", "PASSWORD": ""}}
