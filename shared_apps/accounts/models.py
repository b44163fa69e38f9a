"""People of the platform. One User per person, public schema, never hard-deleted."""

import uuid

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
    two_factor_enabled = models.BooleanField(default=False, help_text="Ask for an emailed code at login.")
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

    @property
    def is_platform_operator(self) -> bool:
        return bool(self.platform_role)


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


class RefreshToken(SoftDeleteModel):
    """An opaque refresh token, stored only as its SHA-256. Rotation links each token to its
    successor; all tokens of one login share a family, revoked together on reuse."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="refresh_tokens")
    token_hash = models.CharField(max_length=64, unique=True)
    family_id = models.UUIDField(db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    rotated_at = models.DateTimeField(null=True, blank=True)
    replaced_by = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoke_reason = models.CharField(max_length=32, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)

    class Meta:
        indexes = [models.Index(fields=["user", "revoked_at"]), models.Index(fields=["expires_at"])]

    def __str__(self):
        return f"refresh token {self.id} of {self.user_id}"


class EmailTokenPurpose(models.TextChoices):
    EMAIL_VERIFY = "email_verify", "Email verification"
    PASSWORD_RESET = "password_reset", "Password reset"
    TWO_FACTOR = "two_factor", "Login code"
    DIRECTOR_INVITE = "director_invite", "Director invitation"


class EmailToken(SoftDeleteModel):
    """A single-use secret sent by email (link token or login code), stored hashed."""

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="email_tokens")
    purpose = models.CharField(max_length=32, choices=EmailTokenPurpose.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    # Login codes: the emailed 6 digits, hashed; the token above is the challenge id.
    code_hash = models.CharField(max_length=64, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    company = models.ForeignKey(
        "tenants.Company", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["user", "purpose", "used_at"]), models.Index(fields=["expires_at"])]

    def __str__(self):
        return f"{self.purpose} token of {self.user_id}"
