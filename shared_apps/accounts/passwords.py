"""Password rules beyond Django's built-ins. Every failure names the rule it broke."""

import re

from django.contrib.auth.password_validation import get_default_password_validators
from django.core.exceptions import ValidationError

CHARACTER_CLASSES = (
    ("uppercase", re.compile(r"[A-Z]"), "Password must contain an uppercase letter."),
    ("lowercase", re.compile(r"[a-z]"), "Password must contain a lowercase letter."),
    ("digit", re.compile(r"\d"), "Password must contain a digit."),
)


class CharacterClassesValidator:
    def validate(self, password, user=None):
        errors = [
            ValidationError(message, code=f"password_no_{name}")
            for name, pattern, message in CHARACTER_CLASSES
            if not pattern.search(password)
        ]
        if errors:
            raise ValidationError(errors)

    def get_help_text(self):
        return "Your password must contain an uppercase letter, a lowercase letter and a digit."


def password_problems(password: str, user=None) -> list[str]:
    """Every rule the password breaks, as messages (empty list: the password is fine)."""
    problems = []
    for validator in get_default_password_validators():
        try:
            validator.validate(password, user)
        except ValidationError as error:
            problems.extend(error.messages)
    return problems


def password_validate(password: str, user=None) -> None:
    problems = password_problems(password, user)
    if problems:
        raise ValidationError({"password": problems})
