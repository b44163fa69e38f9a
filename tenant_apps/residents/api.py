from ninja import Router

from shared_apps.accounts.auth import jwt_auth

router = Router(auth=jwt_auth)
