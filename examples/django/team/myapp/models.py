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
