"""Demo accounts: one per platform role, so every page can be tried. Passwords are for the
local demo only; production creates users through registration and the admin."""

from core.demo import register_demo

from .models import Role, User

DEMO_PASSWORD = "demo-pass-2026"

DEMO_USERS = [
    ("operator@demo.qcy", "平台运营（演示）", [Role.OPERATOR, Role.REVIEWER], True),
    ("leader@demo.qcy", "领导（演示）", [Role.LEADER], False),
    ("broker@demo.qcy", "技术经纪人（演示）", [Role.BROKER], False),
]


@register_demo("accounts", order=10)
def load(context, stdout):
    for email, name, roles, staff in DEMO_USERS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email=email, password=DEMO_PASSWORD, name=name, roles=roles, is_staff=staff)
        context[roles[0]] = user
        context["logins"].append((str(Role(roles[0]).label), email, DEMO_PASSWORD))
