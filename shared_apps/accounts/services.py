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
