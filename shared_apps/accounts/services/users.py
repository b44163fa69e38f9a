from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from shared_apps.accounts.models import CompanyRole, Membership, User
from shared_apps.audit.services import audit_record


@transaction.atomic
def user_get_or_create_invited(*, email: str) -> tuple[User, bool]:
    """The user with this email, or a new one without a password (set later from an invite)."""
    email = User.objects.normalize_email(email).strip().lower()
    try:
        validate_email(email)
    except ValidationError as exc:
        raise ValidationError({"email": f"{email!r} is not a valid email address."}) from exc
    user = User.objects.filter(email__iexact=email).first()
    if user is not None:
        return user, False
    return User.objects.create_user(email=email, password=None), True


@transaction.atomic
def membership_grant(
    *, user: User, company, role: CompanyRole, condo_id: int | None = None, actor=None, ip=None
) -> Membership:
    """Idempotent: an existing live membership with the same scope is returned as is."""
    membership, created = Membership.objects.get_or_create(
        user=user, company=company, role=role, condo_id=condo_id
    )
    if created:
        audit_record(
            actor=actor,
            action="membership.grant",
            target=membership,
            changes={
                "user": user.pk,
                "company": company.schema_name,
                "role": role,
                "condo_id": condo_id,
            },
            ip=ip,
        )
    return membership


PROFILE_FIELDS = ("first_name", "last_name", "phone", "language", "two_factor_enabled")


@transaction.atomic
def user_profile_update(*, user: User, ip: str | None = None, **fields) -> User:
    changes = {}
    for field, value in fields.items():
        if field not in PROFILE_FIELDS:
            raise ValidationError({field: "This field cannot be changed here."})
        if getattr(user, field) != value:
            changes[field] = {"from": getattr(user, field), "to": value}
            setattr(user, field, value)
    if changes:
        user.full_clean(exclude=["password"])
        user.save(update_fields=list(changes))
        audit_record(actor=user, action="user.update", target=user, changes=changes, ip=ip)
    return user
