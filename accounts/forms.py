from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, PasswordResetForm, SetPasswordForm
from django.utils.translation import gettext_lazy as _

from core.forms import BootstrapFormMixin
from reference.forms import RegionFieldsMixin

from .models import Organisation, User
from .validators import validate_mobile


class LoginForm(BootstrapFormMixin, AuthenticationForm):
    username = forms.CharField(
        label=_("邮箱或手机号"), max_length=254, widget=forms.TextInput(attrs={"autofocus": True})
    )

    error_messages = {
        "invalid_login": _("账号或密码不正确。"),
        "inactive": _("该账号已停用。"),
    }


class RegisterForm(BootstrapFormMixin, forms.Form):
    name = forms.CharField(label=_("姓名"), max_length=50)
    email = forms.EmailField(label=_("邮箱"), required=False)
    mobile = forms.CharField(label=_("手机号"), max_length=11, required=False, validators=[validate_mobile])
    password = forms.CharField(
        label=_("密码"), widget=forms.PasswordInput, help_text=_("至少10位，不能全是数字，不能与姓名、邮箱相近")
    )
    password2 = forms.CharField(label=_("确认密码"), widget=forms.PasswordInput)
    agree = forms.BooleanField(
        label=_("我已阅读并同意《用户协议》和《隐私政策》"),
        error_messages={"required": _("请阅读并同意用户协议和隐私政策。")},
    )

    def clean(self):
        data = super().clean()
        if not data.get("email") and not data.get("mobile"):
            raise forms.ValidationError(_("邮箱和手机号至少填写一项。"))
        if data.get("password") and data.get("password") != data.get("password2"):
            self.add_error("password2", _("两次输入的密码不一致。"))
        if data.get("password"):
            # The validators see who registers, so a password like the e-mail's local part fails.
            probe = User(
                name=data.get("name") or "", email=data.get("email") or None, mobile=data.get("mobile") or None
            )
            try:
                password_validation.validate_password(data["password"], user=probe)
            except forms.ValidationError as exc:
                self.add_error("password", exc)
        return data


class OrganisationForm(RegionFieldsMixin, BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = Organisation
        fields = [
            "kind",
            "name",
            "credit_code",
            "credit_code_note",
            "prefecture",
            "county",
            "new_city",
            "industry_chains",
            "address",
            "website",
            "description",
        ]
        widgets = {"industry_chains": forms.CheckboxSelectMultiple, "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_region_fields()
        self.fields["credit_code"].required = True
        if not (user is not None and user.is_operator):
            del self.fields["credit_code_note"]  # only operators may record an unverified old code
        # People paste codes with spaces or hyphens, or in full width: the model normalises them
        # (accounts.validators.normalise_credit_code) before the 18-character check.
        self.fields["credit_code"].max_length = 40
        self.fields["credit_code"].validators = []
        self.fields["credit_code"].widget.attrs["maxlength"] = 40


class VerificationForm(BootstrapFormMixin, forms.Form):
    decision = forms.ChoiceField(choices=[("approve", _("通过")), ("reject", _("不通过"))], label=_("认证结论"))
    note = forms.CharField(label=_("说明"), required=False, max_length=300)


class ResetRequestForm(BootstrapFormMixin, PasswordResetForm):
    email = forms.EmailField(
        label=_("注册邮箱"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )


class ResetPasswordForm(BootstrapFormMixin, SetPasswordForm):
    pass


class ChangePasswordForm(BootstrapFormMixin, PasswordChangeForm):
    pass
