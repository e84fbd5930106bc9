"""Production operations: health endpoint, JSON request logs with a request id, the beat schedule."""

import json
import logging
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import get_commands

from core import logs
from core.tasks import run_command_task


@pytest.mark.django_db
def test_health_is_ok_and_says_nothing_about_versions(client):
    response = client.get("/health/")
    assert response.status_code == 200
    data = response.json()
    assert data["status"] == "ok" and data["checks"]["database"] == "ok" and data["checks"]["index"] == "ok"
    text = response.content.decode().lower()
    assert not re.search(r"\d+\.\d+", text)  # no version numbers, hosts or ports
    assert "postgres" not in text and "sqlite" not in text and "redis://" not in text
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


@pytest.mark.django_db
def test_health_fails_when_a_check_fails_and_hides_why_from_anonymous(client, settings, tmp_path, make_user):
    blocked = tmp_path / "not-a-dir"
    blocked.write_text("x")
    settings.SEARCH_INDEX_DIR = blocked / "index"  # cannot be created under a file
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "checks": {"database": "ok", "media": "ok", "index": "unavailable"},
    }
    client.force_login(make_user("管理员", is_superuser=True))
    assert "search index unavailable" in client.get("/health/").json()["checks"]["index"]


@pytest.mark.django_db
def test_redis_and_workers_are_checked_when_configured(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens there
    settings.HEALTH_CHECK_CELERY = False
    response = client.get("/health/")
    assert response.status_code == 503 and response.json()["checks"]["redis"] == "unavailable"


def test_json_log_lines_carry_the_request_id():
    formatter = logs.JsonFormatter()
    token = logs.set_request_id("req-42")
    try:
        record = logging.makeLogRecord({"name": "x", "msg": "job %s", "args": ("done",), "levelname": "INFO"})
        record.job_id = 7
        line = json.loads(formatter.format(record))
    finally:
        logs._request_id.reset(token)
    assert line["message"] == "job done" and line["request_id"] == "req-42" and line["job_id"] == 7


@pytest.mark.django_db
def test_each_request_gets_an_id_and_one_log_line(client, caplog):
    with caplog.at_level(logging.INFO, logger="techmarket.request"):
        response = client.get("/health/", HTTP_X_REQUEST_ID="lb-abc.1")
        other = client.get("/health/", HTTP_X_REQUEST_ID="bad id with spaces")
    assert response["X-Request-ID"] == "lb-abc.1"
    assert re.fullmatch(r"[0-9a-f]{32}", other["X-Request-ID"])  # a malformed id is replaced
    lines = [r for r in caplog.records if r.name == "techmarket.request"]
    assert lines[0].path == "/health/" and lines[0].status == 200 and lines[0].method == "GET"


@pytest.mark.django_db
def test_request_id_travels_into_jobs(client, operator):
    from jobs.models import Job

    client.force_login(operator)
    client.post("/matching/status/jobs/", {"job": "matching.retry_debt"}, HTTP_X_REQUEST_ID="trace-1")
    assert Job.objects.get().request_id == "trace-1"


def test_request_id_is_sent_in_task_headers():
    headers = {}
    token = logs.set_request_id("trace-2")
    try:
        logs._add_request_id(headers=headers)
    finally:
        logs._request_id.reset(token)
    assert headers == {"request_id": "trace-2"}


def test_every_scheduled_command_exists_or_is_the_guarded_one():
    commands = get_commands()
    scheduled = {entry["args"][0] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {
        "expire_records",
        "renewal_reminders",
        "refresh_indicators",
        "deals_trial_reminders",
        "retry_index_debt",
    } <= scheduled
    # purge_audit comes with the security work; until then core.run_command skips it.
    assert scheduled - set(commands) <= {"purge_audit"}
    assert all(entry["task"] == "core.run_command" for entry in settings.CELERY_BEAT_SCHEDULE.values())


@pytest.mark.django_db
def test_scheduled_runner_runs_a_command_and_skips_a_missing_one():
    assert "到期下架" in run_command_task("expire_records")
    assert run_command_task("no_such_command") == "skipped"


def test_readme_names_only_commands_that_exist():
    readme = (Path(settings.BASE_DIR) / "README.md").read_text()
    named = set(re.findall(r"manage\.py ([a-z_]+)", readme))
    assert {
        "expire_records",
        "refresh_indicators",
        "deals_trial_reminders",
        "rebuild_index",
        "backup",
        "restore",
    } <= named
    assert "pay_after_use_reminders" not in readme
    # purge_audit comes with the security work; the README says it is scheduled once present.
    assert named - set(get_commands()) <= {"purge_audit"}


def test_caches_shared_through_redis_when_a_queue_is_configured():
    """With REDIS_URL every web worker must share one cache (DRF throttle counters, cached list totals):
    a per-process cache would let a client multiply its allowance by the number of workers."""
    import redis
    from django.utils.module_loading import import_string

    from techmarket.settings import cache_settings

    url = "redis://127.0.0.1:6379/13"
    config = cache_settings(url)["default"]
    assert config["BACKEND"].endswith("RedisCache")
    RedisCache = import_string(config["BACKEND"])
    assert cache_settings("")["default"]["BACKEND"].endswith("LocMemCache")
    # Two "workers" (two cache clients) see the same counter.
    first = RedisCache(url, {"KEY_PREFIX": config["KEY_PREFIX"]})
    second = RedisCache(url, {"KEY_PREFIX": config["KEY_PREFIX"]})
    try:
        first.set("throttle-probe", 3, 30)
        assert second.get("throttle-probe") == 3
        # core.cache: one Redis client per pool, not a new one (and its callback table) per operation.
        assert first._cache.get_client(write=True) is first._cache.get_client()
        assert first._cache.get_client() is not second._cache.get_client()
    except redis.exceptions.ConnectionError:
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    finally:
        first.delete("throttle-probe")
