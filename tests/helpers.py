"""Small helpers the tests share (fixtures live in conftest.py)."""

PASSWORD = "Correct-horse-9"
JSON = "application/json"


def bearer(token: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}
