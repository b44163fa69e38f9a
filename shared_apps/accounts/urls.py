from django.urls import path

from shared_apps.accounts import views

urlpatterns = [
    path("auth/verify", views.verify_email_page, name="auth-verify"),
    path("auth/reset", views.reset_password_page, name="auth-reset"),
    path("auth/invite", views.accept_invite_page, name="auth-invite"),
]
