import pytest

from shared_apps.accounts.models import CompanyRole, Membership, User

PASSWORD = "Correct-horse-9"


@pytest.fixture
def make_user(db):
    def make(
        email="resident@servai.test", *, password=PASSWORD, verified=True, memberships=(), **fields
    ) -> User:
        user = User.objects.create_user(email=email, password=password, email_verified=verified, **fields)
        for company, role, condo_id in memberships:
            Membership.objects.create(user=user, company=company, role=role, condo_id=condo_id)
        return user

    return make


@pytest.fixture
def director(make_user, company):
    return make_user("director@company.test", memberships=[(company, CompanyRole.DIRECTOR, None)])


@pytest.fixture
def login(db):
    """login(client, email, password) → the token pair the API returned."""

    def do(client, email, password=PASSWORD):
        response = client.post(
            "/api/v1/auth/login", {"email": email, "password": password}, content_type="application/json"
        )
        assert response.status_code == 200, response.content
        return response.json()

    return do


def bearer(token: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}
