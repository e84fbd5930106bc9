from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

from . import services
from .models import Membership, Organisation, User


class UserCreationForm(forms.ModelForm):
    password1 = forms.CharField(label=_("密码"), widget=forms.PasswordInput)
    password2 = forms.CharField(label=_("确认密码"), widget=forms.PasswordInput)

    class Meta:
        model = User
        fields = ["email", "mobile", "name", "roles"]

    def clean(self):
        data = super().clean()
        if not data.get("email") and not data.get("mobile"):
            raise forms.ValidationError(_("邮箱和手机号至少填写一项。"))
        if data.get("password1") != data.get("password2"):
            self.add_error("password2", _("两次输入的密码不一致。"))
        return data

    def save(self, commit=True):
        user = super().save(commit=False)
        user.set_password(self.cleaned_data["password1"])
        if commit:
            user.save()
        return user


class UserEditForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["organisation"]
    fk_name = "user"


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = UserEditForm
    add_form = UserCreationForm
    list_display = ["name", "email", "mobile", "role_list", "is_active", "is_staff", "date_joined"]
    list_filter = ["is_active", "is_staff", "is_superuser"]
    search_fields = ["name", "email", "mobile"]
    ordering = ["-date_joined"]
    inlines = [MembershipInline]
    fieldsets = [
        (None, {"fields": ["email", "mobile", "name", "password"]}),
        (_("平台角色"), {"fields": ["roles"]}),
        (_("权限"), {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        (_("时间"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "mobile", "name", "roles", "password1", "password2"]})
    ]

    @admin.display(description=_("平台角色"))
    def role_list(self, obj):
        return "、".join(obj.role_labels()) or "—"


class OrganisationMembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]
    fk_name = "organisation"


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "kind",
        "credit_code",
        "prefecture",
        "county",
        "new_city",
        "verification_status",
        "created_at",
    ]
    list_filter = ["verification_status", "kind", "new_city", "prefecture", "industry_chains"]
    search_fields = ["name", "credit_code"]
    readonly_fields = ["verification_status", "verification_note", "verified_by", "verified_at", "created_at"]
    autocomplete_fields = ["prefecture", "county"]
    filter_horizontal = ["industry_chains"]
    inlines = [OrganisationMembershipInline]
    actions = ["verify_selected"]

    @admin.action(description=_("认证通过所选机构"))
    def verify_selected(self, request, queryset):
        # Rejections need a reason per organisation, so they are made in the verification queue.
        done = 0
        for organisation in queryset:
            try:
                services.organisation_verify(organisation=organisation, by=request.user, approve=True)
                done += 1
            except (ValidationError, PermissionDenied) as exc:
                self.message_user(
                    request, f"{organisation.name}：{'；'.join(getattr(exc, 'messages', [str(exc)]))}", messages.ERROR
                )
        if done:
            self.message_user(request, _("已认证 %(n)s 家机构。") % {"n": done}, messages.SUCCESS)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "role", "created_at"]
    list_filter = ["role"]
    search_fields = ["user__name", "user__email", "user__mobile", "organisation__name"]
    autocomplete_fields = ["user", "organisation"]
