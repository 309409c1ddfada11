"""Invalidate the cached search dictionaries when editors change them."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .analysis.dictionaries import invalidate
from .models import CrisisPhrase, IntentRule, SynonymGroup


@receiver(post_save, sender=SynonymGroup, dispatch_uid="search-synonyms-saved")
@receiver(post_delete, sender=SynonymGroup, dispatch_uid="search-synonyms-deleted")
@receiver(post_save, sender=CrisisPhrase, dispatch_uid="search-crisis-saved")
@receiver(post_delete, sender=CrisisPhrase, dispatch_uid="search-crisis-deleted")
@receiver(post_save, sender=IntentRule, dispatch_uid="search-intent-saved")
@receiver(post_delete, sender=IntentRule, dispatch_uid="search-intent-deleted")
def dictionaries_changed(sender, **kwargs):
    # at once for this process (it sees its own uncommitted rows), and again once the
    # change commits: another process rebuilding in between read the old rows
    invalidate()
    transaction.on_commit(invalidate, robust=True)
