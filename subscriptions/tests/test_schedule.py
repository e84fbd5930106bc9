"""Every scheduled command exists and is in the README's schedule table (issue 10: the new daily
collection and ledger reminders among them)."""

from pathlib import Path

from django.conf import settings
from django.core.management import get_commands


def test_scheduled_commands_exist_and_are_documented():
    readme = (Path(settings.BASE_DIR) / "README.md").read_text(encoding="utf-8")
    commands = get_commands()
    assert {"collect_subscriptions", "ledger_reminders"} <= set(settings.SCHEDULED_COMMANDS)
    for name in settings.SCHEDULED_COMMANDS:
        assert f"| `manage.py {name}` |" in readme, name
        assert name in commands, name
