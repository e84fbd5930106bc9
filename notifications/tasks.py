"""Notification e-mails leave from a Celery worker (inline without Redis); tasks take ids."""

import logging

from celery import shared_task

logger = logging.getLogger(__name__)


@shared_task(name="notifications.send_emails", bind=True, max_retries=5, acks_late=True)
def send_notification_emails(self, ids: list[int]) -> int:
    """Send the immediate e-mails of these notifications. A mail server that refuses or is down is
    logged and retried (5 times, backing off from 60 s); rows already sent are not sent again."""
    from .services import send_emails

    try:
        return send_emails(ids)
    except OSError as exc:  # smtplib.SMTPException is an OSError
        logger.exception("notification e-mail failed; retrying", extra={"notifications": ids})
        raise self.retry(exc=exc, countdown=60 * 2**self.request.retries) from exc
