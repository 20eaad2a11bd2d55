"""The seed's code, as the team ships it."""
from django.db import IntegrityError, transaction

from .models import MyObj


@transaction.atomic
def create_or_update_myobj(owner, thing, state):
    try:
        myobj, created = MyObj.objects.get_or_create(owner=owner, thing=thing)
    except IntegrityError:
        myobj = MyObj.objects.get(owner=owner, thing=thing)
    myobj.state = state
    myobj.save()
