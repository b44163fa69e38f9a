"""People of the platform. One User per person, public schema, never hard-deleted."""

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models.functions import Lower

from shared_apps.core.models import SoftDeleteModel, SoftDeleteQuerySet


class PlatformRole(models.TextChoices):
    SUPER_ADMIN = "super_admin", "Super admin"
    SUPER_ACCOUNTANT = "super_accountant", "Super accountant"


class UserManager(BaseUserManager.from_queryset(SoftDeleteQuerySet)):
    def get_queryset(self):
        return super().get_queryset().filter(deleted_at__isnull=True)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)

    def create_user(self, email, password=None, **fields):
        if not email:
            raise ValueError("email is required")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **fields):
        fields.update(is_staff=True, is_superuser=True, platform_role=PlatformRole.SUPER_ADMIN)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin, SoftDeleteModel):
    email = models.EmailField(max_length=254, unique=True)
    first_name = models.CharField(max_length=150, blank=True)
    last_name = models.CharField(max_length=150, blank=True)
    phone = models.CharField(max_length=32, blank=True)
    language = models.CharField(max_length=8, default="en")
    email_verified = models.BooleanField(default=False)
    platform_role = models.CharField(max_length=32, choices=PlatformRole.choices, blank=True)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(auto_now_add=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        constraints = [models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique")]

    def __str__(self):
        return self.email

    def save(self, *args, **kwargs):
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)


class CompanyRole(models.TextChoices):
    DIRECTOR = "director", "Director"
    ACCOUNTANT = "accountant", "Accountant"
    CONDO_ADMIN = "condo_admin", "Condo admin"
    STAFF = "staff", "Staff"
    RESIDENT = "resident", "Resident"


COMPANY_WIDE_ROLES = (CompanyRole.DIRECTOR, CompanyRole.ACCOUNTANT)


class Membership(SoftDeleteModel):
    """A user's role in a company, optionally scoped to one condo (id in the company schema)."""

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="memberships")
    company = models.ForeignKey("tenants.Company", on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(max_length=16, choices=CompanyRole.choices)
    condo_id = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(role__in=COMPANY_WIDE_ROLES, condo_id__isnull=True)
                    | (~models.Q(role__in=COMPANY_WIDE_ROLES) & models.Q(condo_id__isnull=False))
                ),
                name="accounts_membership_scope",
                violation_error_message="Director and accountant have no condo; other roles need one.",
            ),
            models.UniqueConstraint(
                fields=["user", "company", "role", "condo_id"],
                condition=models.Q(deleted_at__isnull=True),
                nulls_distinct=False,
                name="accounts_membership_unique_live",
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.role} · {self.company_id}"
