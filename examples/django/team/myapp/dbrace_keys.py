"""Fresh keys for dbrace: one new Thing per key, all owned by one new Owner per batch."""
from django.db import transaction

from .models import Owner, Thing


def make_keys(start, count):
    with transaction.atomic():
        owner = Owner.objects.create(name="dbrace-%d" % start)
        return [{"thing_id": Thing.objects.create(name="dbrace-%d" % (start + i)).pk, "owner_id": owner.pk}
                for i in range(count)]
