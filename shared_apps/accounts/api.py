"""/api/v1/auth/* and /api/v1/me, on the platform host and on every company host."""

from ninja import Router, Status

from config.middleware import client_ip
from shared_apps.accounts import schemas
from shared_apps.accounts.auth import jwt_auth
from shared_apps.accounts.cache import user_payload_build
from shared_apps.accounts.ratelimit import auth_limit, enforce
from shared_apps.accounts.services import email_links, sessions
from shared_apps.accounts.services.users import user_profile_update

SENT = "If the address is registered, we have sent an email to it."


def client_of(request) -> sessions.ClientInfo:
    return sessions.ClientInfo(
        ip=client_ip(request) or None, user_agent=request.headers.get("User-Agent", "")
    )


def base_url_of(request) -> str:
    return f"{request.scheme}://{request.get_host()}"


def attempt(request) -> None:
    """Counts one authentication attempt of this address (SPEC §3: 5 per 15 minutes)."""
    enforce(auth_limit(), client_ip(request))


def build_routers() -> tuple[Router, Router]:
    """(auth router, me router). Built per API: the platform host and company hosts each have one."""
    auth_router = Router(tags=["auth"])
    me_router = Router(tags=["me"], auth=jwt_auth)

    @auth_router.post("/register", response={201: schemas.DetailOut})
    def register(request, payload: schemas.RegisterIn):
        attempt(request)
        email_links.user_register(**payload.dict(), base_url=base_url_of(request), ip=client_ip(request))
        return Status(201, {"detail": "Check your email to confirm the address."})

    @auth_router.post("/login", response=schemas.LoginOut)
    def login(request, payload: schemas.LoginIn):
        attempt(request)
        result = sessions.session_login(
            email=payload.email,
            password=payload.password,
            schema_name=request.tenant.schema_name,
            client=client_of(request),
        )
        if result.challenge:
            return {"two_factor_required": True, "challenge": result.challenge}
        return {"two_factor_required": False, **result.tokens.as_dict()}

    @auth_router.post("/2fa/verify", response=schemas.TokenPairOut)
    def two_factor_verify(request, payload: schemas.CodeVerifyIn):
        attempt(request)
        return sessions.session_login_code_verify(
            challenge=payload.challenge,
            code=payload.code,
            schema_name=request.tenant.schema_name,
            client=client_of(request),
        ).as_dict()

    @auth_router.post("/refresh", response=schemas.TokenPairOut)
    def refresh(request, payload: schemas.RefreshIn):
        return sessions.session_refresh(refresh=payload.refresh, client=client_of(request)).as_dict()

    @auth_router.post("/logout", response=schemas.DetailOut, auth=jwt_auth)
    def logout(request, payload: schemas.LogoutIn):
        sessions.session_logout(
            user_id=request.auth.id,
            refresh=payload.refresh,
            current_refresh_token_id=request.auth.refresh_token_id,
            ip=client_ip(request),
        )
        return {"detail": "Signed out."}

    @auth_router.post("/logout-all", response=schemas.DetailOut, auth=jwt_auth)
    def logout_all(request):
        count = sessions.session_logout_all(user=request.auth.user, ip=client_ip(request))
        return {"detail": f"Signed out of {count} session(s)."}

    @auth_router.post("/password-reset/request", response=schemas.DetailOut)
    def password_reset_request(request, payload: schemas.EmailIn):
        email_links.password_reset_request(
            email=payload.email, base_url=base_url_of(request), ip=client_ip(request)
        )
        return {"detail": SENT}

    @auth_router.post("/password-reset/confirm", response=schemas.DetailOut)
    def password_reset_confirm(request, payload: schemas.PasswordResetConfirmIn):
        attempt(request)
        email_links.password_reset_confirm(
            token=payload.token, password=payload.password, ip=client_ip(request)
        )
        return {"detail": "Password changed. Sign in with the new password."}

    @auth_router.post("/email/verify", response=schemas.DetailOut)
    def email_verify(request, payload: schemas.TokenIn):
        attempt(request)
        email_links.email_verify(token=payload.token, ip=client_ip(request))
        return {"detail": "Email confirmed."}

    @auth_router.post("/email/resend", response=schemas.DetailOut)
    def email_resend(request, payload: schemas.EmailIn):
        email_links.email_verification_resend(email=payload.email, base_url=base_url_of(request))
        return {"detail": SENT}

    @auth_router.post("/invite/accept", response=schemas.TokenPairOut)
    def invite_accept(request, payload: schemas.InviteAcceptIn):
        attempt(request)
        return email_links.director_invite_accept(**payload.dict(), client=client_of(request)).as_dict()

    @me_router.get("", response=schemas.MeOut, summary="The signed-in user and their companies and roles")
    def me(request):
        return request.auth.payload

    @me_router.patch("", response=schemas.MeOut)
    def me_update(request, payload: schemas.MeUpdateIn):
        user_profile_update(user=request.auth.user, ip=client_ip(request), **payload.dict(exclude_none=True))
        return user_payload_build(request.auth.id)

    return auth_router, me_router
