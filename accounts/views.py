from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.audit import audit
from core.forms import apply_validation_error
from core.http import error_text, safe_next

from . import selectors, services
from .forms import OrganisationForm, RegisterForm, VerificationForm
from .models import Organisation
from .panels import panels_for
from .security import password_changed, throttled


@throttled
def register(request):
    """Sign-up. With an e-mail: the same "check your mail" page whether or not the address is
    registered (an activation link or a notice goes to it). Mobile only: signed in at once."""
    form = RegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["email"]:

                def link(user):
                    if user is None:
                        return request.build_absolute_uri(reverse("accounts:password_reset"))
                    uid = urlsafe_base64_encode(force_bytes(user.pk))
                    token = default_token_generator.make_token(user)
                    return request.build_absolute_uri(reverse("accounts:activate", args=[uid, token]))

                services.registration_start(
                    name=data["name"],
                    password=data["password"],
                    email=data["email"],
                    mobile=data["mobile"],
                    link=link,
                    terms_version=settings.TERMS_VERSION,
                )
                return redirect("accounts:register_sent")
            user = services.user_register(
                name=data["name"],
                password=data["password"],
                email=None,
                mobile=data["mobile"],
                terms_version=settings.TERMS_VERSION,
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            login(request, user, backend="accounts.backends.EmailOrMobileBackend")
            messages.success(request, _("注册成功。请创建或加入您的机构，之后即可发布信息。"))
            return redirect("accounts:organisation_create")
    return render(request, "accounts/register.html", {"form": form})


def register_sent(request):
    return render(request, "accounts/register_sent.html")


def activate(request, uidb64: str, token: str):
    user = services.registration_activate(uidb64=uidb64, token=token)
    if user is None:
        messages.error(request, _("激活链接无效或已使用。"))
        return redirect("accounts:login")
    login(request, user, backend="accounts.backends.EmailOrMobileBackend")
    messages.success(request, _("账号已激活。请创建或加入您的机构，之后即可发布信息。"))
    return redirect("accounts:organisation_create")


class ThrottledPasswordResetView(auth_views.PasswordResetView):
    """Password reset request, throttled per client address and audited (the same page whether
    or not the address is registered, as Django's view already does)."""

    @method_decorator(throttled)
    def dispatch(self, request, *args, **kwargs):
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        audit(
            actor=None,
            action="auth.password_reset_request",
            note=form.cleaned_data["email"][:150],
            request=self.request,
            outcome="requested",
        )
        return super().form_valid(form)


class AuditedPasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    def form_valid(self, form):
        response = super().form_valid(form)
        password_changed(user=form.user, request=self.request, action="auth.password_reset")
        return response


class AuditedPasswordChangeView(auth_views.PasswordChangeView):
    """Change one's password; every API token is revoked and the session is kept."""

    def form_valid(self, form):
        response = super().form_valid(form)
        password_changed(user=form.user, request=self.request, action="auth.password_change")
        messages.success(self.request, _("密码已修改，所有 API 令牌已撤销。"))
        return response


@login_required
def profile(request):
    memberships = request.user.memberships.select_related("organisation")
    pending = request.user.membership_requests.filter(status="pending").select_related("organisation")
    org_query = request.GET.get("org", "").strip()[:100]
    return render(
        request,
        "accounts/profile.html",
        {
            "memberships": memberships,
            "pending_requests": pending,
            "org_query": org_query,
            "found_organisations": selectors.find_organisations(org_query) if org_query else None,
        },
    )


def organisation_detail(request, pk: int):
    organisation = selectors.organisation_for(pk=pk, user=request.user)
    return render(
        request,
        "accounts/organisation_detail.html",
        {
            "organisation": organisation,
            "groups": selectors.published_records(organisation=organisation, user=request.user),
            "panels": panels_for(request, organisation),
            **membership_context(request.user, organisation),
        },
    )


@login_required
def organisation_create_view(request):
    form = OrganisationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.organisation_create(by=request.user, **data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("机构已创建，等待平台认证。认证前也可以起草和提交信息。"))
            return redirect("accounts:profile")
    return render(request, "accounts/organisation_form.html", {"form": form})


@login_required
def organisation_edit(request, pk: int):
    """机构资料 (the organisation's admins and operators): the creation form, prefilled; a verified
    organisation's admin changing its name, type or credit code sends it back to verification."""
    from accounts.membership import can_manage

    organisation = get_object_or_404(Organisation, pk=pk)
    if not can_manage(request.user, organisation):
        raise PermissionDenied
    form = OrganisationForm(request.POST or None, instance=organisation, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.fields}
        try:
            updated = services.organisation_update(by=request.user, organisation=organisation, **data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            if updated.verification_status == Organisation.Verification.PENDING and organisation.is_verified:
                messages.warning(request, _("机构资料已保存；名称、类型或统一社会信用代码已修改，需平台重新认证。"))
            else:
                messages.success(request, _("机构资料已保存。"))
            return redirect("accounts:organisation_detail", pk=pk)
    return render(request, "accounts/organisation_form.html", {"form": form, "organisation": organisation})


@login_required
def verification_queue(request):
    if not request.user.is_operator:
        raise PermissionDenied
    pending = Organisation.objects.filter(verification_status=Organisation.Verification.PENDING).order_by("created_at")
    return render(request, "accounts/verification_queue.html", {"pending": pending, "form": VerificationForm()})


@login_required
@require_POST
def verify(request, pk: int):
    if not request.user.is_operator:
        raise PermissionDenied
    organisation = get_object_or_404(Organisation, pk=pk)
    form = VerificationForm(request.POST)
    if form.is_valid():
        try:
            services.organisation_verify(
                organisation=organisation,
                by=request.user,
                approve=form.cleaned_data["decision"] == "approve",
                note=form.cleaned_data["note"],
            )
            messages.success(request, _("已处理：%(name)s") % {"name": organisation.name})
        except ValidationError as exc:
            messages.error(request, error_text(exc))
    else:
        messages.error(request, _("请选择认证结论。"))
    return redirect("accounts:verification_queue")


@login_required
def tokens(request):
    """The user's API tokens: list (public key, created, expiry), issue one (shown once), revoke."""
    from . import tokens as token_services

    new_token = None
    if request.method == "POST":
        if request.POST.get("revoke"):
            token_services.token_revoke(user=request.user, key=request.POST["revoke"], request=request)
            messages.success(request, _("令牌已撤销。"))
            return redirect("accounts:tokens")
        if request.POST.get("revoke_all"):
            token_services.token_revoke_all(user=request.user, request=request)
            messages.success(request, _("全部令牌已撤销。"))
            return redirect("accounts:tokens")
        try:
            _row, new_token = token_services.token_issue(user=request.user, request=request)
        except ValidationError as exc:
            messages.error(request, error_text(exc))
    rows = token_services.tokens_of(request.user)
    return render(request, "accounts/tokens.html", {"tokens": rows, "new_token": new_token})


@login_required
def twofactor_setup(request):
    """Enrol an authenticator app (QR code or secret), confirm with one code, get recovery codes."""
    from . import twofactor

    if request.method == "POST":
        codes = twofactor.enrol_confirm(user=request.user, token=request.POST.get("token", ""), request=request)
        if codes is not None:
            return render(
                request, "accounts/2fa_codes.html", {"codes": codes, "next": safe_next(request, "core:home").url}
            )
        messages.error(request, _("验证码不正确，请重试。"))
    device = twofactor.pending_device(request.user)
    context = {
        "qr": twofactor.qr_svg_data_uri(device),
        "secret": twofactor.secret_base32(device),
        "enrolled": twofactor.enrolled(request.user),
        "next": request.GET.get("next", ""),
    }
    return render(request, "accounts/2fa_setup.html", context)


@login_required
def twofactor_verify(request):
    """Enter a code from the authenticator (or a recovery code) to verify this session."""
    from . import twofactor

    if not twofactor.enrolled(request.user):
        return redirect("accounts:2fa_setup")
    if request.method == "POST":
        if twofactor.verify(user=request.user, token=request.POST.get("token", ""), request=request):
            return safe_next(request, "core:home")
        messages.error(request, _("验证码不正确，请重试。"))
    return render(request, "accounts/2fa_verify.html", {"next": request.GET.get("next", "")})


def membership_context(user, organisation) -> dict:
    """What the organisation page offers this user: ask to join, a pending request, manage members."""
    from .membership import can_manage

    if not user.is_authenticated:
        return {}
    is_member = organisation.pk in user.organisation_ids()
    return {
        "can_manage_members": can_manage(user, organisation),
        "is_member": is_member,
        "can_ask_to_join": organisation.is_verified and not is_member,
        "pending_request": user.membership_requests.filter(organisation=organisation, status="pending").first(),
    }


def set_language(request):
    """Django's language switch (``POST /i18n/setlang/``, ``language`` and ``next``), which also
    remembers the choice on a signed-in user's account (``User.language``) so that e-mails sent
    to them later (notifications) are written in it. Same responses as django.views.i18n.set_language."""
    from django.utils.translation import check_for_language
    from django.views.i18n import set_language as django_set_language

    response = django_set_language(request)
    code = request.POST.get("language", "") if request.method == "POST" else ""
    user = request.user
    if (
        user.is_authenticated
        and code in dict(settings.LANGUAGES)
        and check_for_language(code)
        and user.language != code
    ):
        from .models import User

        User.objects.filter(pk=user.pk).update(language=code)
    return response
