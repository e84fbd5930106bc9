from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from . import membership_views, views
from .forms import ChangePasswordForm, LoginForm, ResetPasswordForm, ResetRequestForm

app_name = "accounts"

urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(template_name="accounts/login.html", authentication_form=LoginForm),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("register/", views.register, name="register"),
    path("register/sent/", views.register_sent, name="register_sent"),
    path("activate/<uidb64>/<token>/", views.activate, name="activate"),
    path("tokens/", views.tokens, name="tokens"),
    path("2fa/setup/", views.twofactor_setup, name="2fa_setup"),
    path("2fa/verify/", views.twofactor_verify, name="2fa_verify"),
    path(
        "password/change/",
        views.AuditedPasswordChangeView.as_view(
            template_name="accounts/password_change.html",
            form_class=ChangePasswordForm,
            success_url=reverse_lazy("accounts:profile"),
        ),
        name="password_change",
    ),
    path("me/", views.profile, name="profile"),
    path("organisations/<int:pk>/", views.organisation_detail, name="organisation_detail"),
    path("organisations/new/", views.organisation_create_view, name="organisation_create"),
    path("organisations/<int:pk>/edit/", views.organisation_edit, name="organisation_edit"),
    path("organisations/verification/", views.verification_queue, name="verification_queue"),
    path("organisations/<int:pk>/verify/", views.verify, name="verify"),
    path("organisations/<int:pk>/join/", membership_views.join, name="join"),
    path("organisations/<int:pk>/leave/", membership_views.leave, name="leave"),
    path("organisations/<int:pk>/members/", membership_views.members, name="members"),
    path("organisations/<int:pk>/members/invite/", membership_views.invite, name="invite"),
    path("organisations/<int:pk>/members/<int:user_id>/", membership_views.member_change, name="member_change"),
    path("organisations/<int:pk>/requests/<int:request_id>/", membership_views.decide, name="decide_request"),
    path(
        "organisations/<int:pk>/invitations/<int:invitation_id>/cancel/",
        membership_views.invitation_cancel,
        name="invitation_cancel",
    ),
    path("requests/<int:request_id>/cancel/", membership_views.request_cancel, name="request_cancel"),
    path("invitations/<str:token>/", membership_views.invitation, name="invitation"),
    path(
        "password/reset/",
        views.ThrottledPasswordResetView.as_view(
            template_name="accounts/password_reset.html",
            form_class=ResetRequestForm,
            email_template_name="accounts/password_reset_email.txt",
            subject_template_name="accounts/password_reset_subject.txt",
            success_url=reverse_lazy("accounts:password_reset_done"),
        ),
        name="password_reset",
    ),
    path(
        "password/reset/done/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        views.AuditedPasswordResetConfirmView.as_view(
            template_name="accounts/password_reset_confirm.html",
            form_class=ResetPasswordForm,
            success_url=reverse_lazy("accounts:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(template_name="accounts/password_reset_complete.html"),
        name="password_reset_complete",
    ),
]
