from django.db import models


class Thing(models.Model):
    name = models.CharField(max_length=64)


class Owner(models.Model):
    name = models.CharField(max_length=64)


class MyObj(models.Model):
    thing = models.ForeignKey(Thing, on_delete=models.CASCADE)
    owner = models.ForeignKey(Owner, on_delete=models.CASCADE)
    state = models.BooleanField(default=False)

    class Meta:
        unique_together = (("thing", "owner"),)


class Tag(models.Model):
    """A tag with a unique name, on the table the atlas's rows share (scripts/atlas/)."""
    name = models.CharField(max_length=100, unique=True)
    updated_at = models.DateTimeField(null=True)

    class Meta:
        db_table = "tags"
