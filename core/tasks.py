"""Background work of the platform's ground: e-mail goes out from a Celery worker (inline without Redis)."""

import logging

from celery import shared_task

logger = logging.getLogger(__name__)


@shared_task(name="core.send_mass_mail", autoretry_for=(OSError,), retry_backoff=60, max_retries=5)
def send_mass_mail_task(messages: list[list]) -> int:
    """Send ``[[subject, text, from, [to, ...]], ...]``; a mail server that is down is retried
    (up to 5 times, backing off from 60 s). Returns the number of messages sent."""
    from django.core.mail import send_mass_mail

    return send_mass_mail([tuple(m) for m in messages], fail_silently=False)


def send_mass_mail_later(messages) -> None:
    """Queue e-mails after the current transaction commits (never from the request itself)."""
    from django.db import transaction

    payload = [[subject, text, sender, list(to)] for subject, text, sender, to in messages]

    def send():
        try:
            send_mass_mail_task.delay(payload)
        except Exception:  # inline (no Redis): a mail server that is down must not fail the request
            logger.exception("e-mail not sent")

    transaction.on_commit(send)


@shared_task(name="core.run_command")
def run_command_task(name: str, *args) -> str:
    """Run a management command from the beat schedule (settings.CELERY_BEAT_SCHEDULE). A command
    that this installation does not have is skipped with a warning, so a schedule entry may name
    a command another branch adds later."""
    from io import StringIO

    from django.core.management import call_command, get_commands

    if name not in get_commands():
        logger.warning("scheduled command %s does not exist here; skipped", name)
        return "skipped"
    out = StringIO()
    call_command(name, *args, stdout=out)
    logger.info("scheduled command done", extra={"command": name, "output": out.getvalue()[-500:]})
    return out.getvalue()[-500:]
