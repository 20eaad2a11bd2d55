"""A team's settings, as they would have them: MySQL/MariaDB with Django's defaults (READ COMMITTED)."""
SECRET_KEY = "example-only"
INSTALLED_APPS = ["myapp"]
USE_TZ = False
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.mysql",
        "HOST": "127.0.0.1",
        "PORT": 3306,
        "NAME": "test",
        "USER": "root",
        "PASSWORD": "",
        # a team that wants the seed's failure back sets: "OPTIONS": {"isolation_level": "repeatable read"}
    }
}
