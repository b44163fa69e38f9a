"""Cached user payloads (shared_apps.accounts.cache) are dropped whenever their data changes."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from shared_apps.accounts.cache import user_cache_invalidate
from shared_apps.accounts.models import Membership, User
from tenants.models import Company


@receiver(post_save, sender=User, dispatch_uid="accounts.user_cache.user")
def on_user_saved(sender, instance: User, **kwargs):
    user_cache_invalidate(instance.pk)


@receiver(post_save, sender=Membership, dispatch_uid="accounts.user_cache.membership")
def on_membership_saved(sender, instance: Membership, **kwargs):
    user_cache_invalidate(instance.user_id)


@receiver(post_save, sender=Company, dispatch_uid="accounts.user_cache.company")
def on_company_saved(sender, instance: Company, **kwargs):
    members = Membership.objects.filter(company=instance).values_list("user_id", flat=True).distinct()
    user_cache_invalidate(*members)
