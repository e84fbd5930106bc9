from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.forms import apply_validation_error

from . import selectors, services
from .forms import OrganisationForm, RegisterForm, VerificationForm
from .models import Organisation
from .panels import panels_for


def register(request):
    form = RegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.user_register(
                name=form.cleaned_data["name"], password=form.cleaned_data["password"],
                email=form.cleaned_data["email"], mobile=form.cleaned_data["mobile"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            login(request, user, backend="accounts.backends.EmailOrMobileBackend")
            messages.success(request, _("注册成功。请创建或加入您的机构，之后即可发布信息。"))
            return redirect("accounts:organisation_create")
    return render(request, "accounts/register.html", {"form": form})


@login_required
def profile(request):
    memberships = request.user.memberships.select_related("organisation")
    return render(request, "accounts/profile.html", {"memberships": memberships})


def organisation_detail(request, pk: int):
    organisation = selectors.organisation_for(pk=pk, user=request.user)
    return render(
        request,
        "accounts/organisation_detail.html",
        {
            "organisation": organisation,
            "groups": selectors.published_records(organisation=organisation, user=request.user),
            "panels": panels_for(request, organisation),
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
                organisation=organisation, by=request.user,
                approve=form.cleaned_data["decision"] == "approve", note=form.cleaned_data["note"],
            )
            messages.success(request, _("已处理：%(name)s") % {"name": organisation.name})
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
    else:
        messages.error(request, _("请选择认证结论。"))
    return redirect("accounts:verification_queue")
