"""The seed's code, as the team ships it."""
import datetime

from django.db import IntegrityError, transaction

from .models import MyObj, Owner, Tag


@transaction.atomic
def create_or_update_myobj(owner, thing, state):
    try:
        myobj, created = MyObj.objects.get_or_create(owner=owner, thing=thing)
    except IntegrityError:
        myobj = MyObj.objects.get(owner=owner, thing=thing)
    myobj.state = state
    myobj.save()


@transaction.atomic
def create_or_update_myobj_after_loading_owner(owner, thing, state):
    """The same, in a request handler that loads the owner first: at REPEATABLE READ that read fixes the snapshot."""
    Owner.objects.get(pk=owner.pk)
    create_or_update_myobj.__wrapped__(owner, thing, state)


def get_tagged(owner, thing):
    """Django's own get_or_create and nothing else: no state, no except clause (Django retries the get itself)."""
    return MyObj.objects.get_or_create(owner=owner, thing=thing)[0]


def get_or_create_tag(name):
    """Django's get_or_create, as its docs show it."""
    return Tag.objects.get_or_create(name=name)[0]


def update_or_create_tag(name):
    """Django's update_or_create: a locking read (SELECT … FOR UPDATE), then the update or the create."""
    return Tag.objects.update_or_create(name=name, defaults={"updated_at": datetime.datetime.now()})[0]
