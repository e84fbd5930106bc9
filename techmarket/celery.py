"""Celery application. Without REDIS_URL tasks run eagerly (inline), see settings."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "techmarket.settings")
app = Celery("techmarket")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
