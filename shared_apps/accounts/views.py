"""The pages emailed links open: confirm an address, set a new password, accept an invitation.
They call the same services as the API, so rules and audit are identical."""

from django import forms
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from config.api import ApiError
from config.middleware import client_ip
from shared_apps.accounts.ratelimit import RateLimited, auth_limit, enforce
from shared_apps.accounts.services import email_links
from shared_apps.accounts.services.sessions import ClientInfo


class PasswordForm(forms.Form):
    password = forms.CharField(widget=forms.PasswordInput, max_length=128, label="New password")
    password_again = forms.CharField(widget=forms.PasswordInput, max_length=128, label="Repeat the password")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("password") != cleaned.get("password_again"):
            raise ValidationError("The two passwords differ.")
        return cleaned


def _page(request, *, title: str, message: str = "", form=None, status: int = 200):
    return render(
        request, "accounts/link_page.html", {"title": title, "message": message, "form": form}, status=status
    )


@require_http_methods(["GET"])
def verify_email_page(request):
    try:
        email_links.email_verify(token=request.GET.get("token", ""), ip=client_ip(request))
    except ApiError as error:
        return _page(request, title="Email not confirmed", message=error.message, status=400)
    return _page(request, title="Email confirmed", message="Your address is confirmed. You can sign in now.")


def _password_page(request, *, title: str, done: str, apply):
    form = PasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            enforce(auth_limit(), client_ip(request))
            apply(request.GET.get("token", ""), form.cleaned_data["password"])
        except RateLimited as error:
            return _page(request, title=title, message=error.message, form=form, status=429)
        except ApiError as error:
            return _page(request, title=title, message=error.message, status=400)
        except ValidationError as error:
            for message in error.message_dict.get("password", error.messages):
                form.add_error("password", message)
        else:
            return _page(request, title=title, message=done)
    return _page(request, title=title, form=form, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def reset_password_page(request):
    return _password_page(
        request,
        title="Set a new password",
        done="Your password is changed. Sign in with it.",
        apply=lambda token, password: email_links.password_reset_confirm(
            token=token, password=password, ip=client_ip(request)
        ),
    )


@require_http_methods(["GET", "POST"])
def accept_invite_page(request):
    client = ClientInfo(ip=client_ip(request) or None, user_agent=request.headers.get("User-Agent", ""))
    return _password_page(
        request,
        title="Welcome to servai",
        done="Your account is ready. Sign in with your email and new password.",
        apply=lambda token, password: email_links.director_invite_accept(
            token=token, password=password, client=client
        ),
    )
