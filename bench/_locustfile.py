"""The user mix of `python -m bench pages` (run by locust; not a benchmark of its own).

Targets (record ids, page numbers, logins) come from the environment variable BENCH_PAGES_PLAN
(JSON written by bench/pages.py). Every request is named by its page kind, so the table shows
one row per kind of page, not per URL.
"""

import json
import os
import random
import re

from locust import FastHttpUser, between, task

PLAN = json.loads(os.environ.get("BENCH_PAGES_PLAN", "{}"))
THINK = between(float(os.environ.get("BENCH_THINK_MIN", "1")), float(os.environ.get("BENCH_THINK_MAX", "3")))
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _pick(name):
    return random.choice(PLAN[name])


class _Base(FastHttpUser):
    abstract = True
    wait_time = THINK

    def page(self, name, url, **kwargs):
        with self.client.get(url, name=name, catch_response=True, **kwargs) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")

    def login(self, email):
        form = self.client.get("/accounts/login/", name="login form")
        token = CSRF.search(form.text or "")
        with self.client.post(
            "/accounts/login/",
            data={
                "username": email,
                "password": PLAN["password"],
                "csrfmiddlewaretoken": token.group(1) if token else "",
            },
            headers={"Referer": self.host + "/accounts/login/"},
            name="login",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"login HTTP {response.status_code}")

    # Pages every kind of user opens.
    @task(3)
    def home(self):
        self.page("home", "/")

    @task(3)
    def list_plain(self):
        self.page("list", f"/{_pick('libraries')}/?page={random.randint(1, 5)}")

    @task(2)
    def list_filtered(self):
        self.page("list filtered", f"/{_pick('libraries')}/?chain={_pick('chains')}&stage=&page={random.randint(1, 3)}")

    @task(1)
    def list_deep(self):
        self.page("list deep page", f"/achievements/?page={PLAN['deep_page']}")

    @task(2)
    def keyword(self):
        self.page("keyword search", f"/{_pick('libraries')}/?q={_pick('keywords')}&page={random.randint(1, 3)}")

    @task(1)
    def site_search(self):
        self.page("site search", f"/search/?q={_pick('keywords')}")

    @task(3)
    def detail(self):
        kind, pk = _pick("details")
        self.page("detail", f"/{kind}/{pk}/")

    @task(1)
    def patent_pools(self):
        self.page("patent pool list", "/patents/")

    @task(1)
    def patent_pool(self):
        self.page("patent pool", f"/patents/pools/{_pick('pools')}/")

    @task(1)
    def patent_detail(self):
        self.page("patent detail", f"/patents/p/{_pick('patents')}/")

    @task(2)
    def health(self):
        self.page("health", "/healthz/")


class Visitor(_Base):
    """Anonymous: browses, searches and opens an achievement's matches."""

    weight = 6

    @task(2)
    def achievement_matches(self):
        self.page(
            "match panel (achievement, visitor)",
            f"/matching/panel/achievements/{_pick('achievements')}/",
            headers={"HX-Request": "true"},
        )


class Owner(_Base):
    """An enterprise member: opens the matches of its own demand; signs in now and then."""

    weight = 3

    def on_start(self):
        self.login(PLAN["owner"])

    @task(2)
    def demand_matches(self):
        self.page(
            "match panel (demand, owner)",
            f"/matching/panel/demands/{_pick('owned_demands')}/",
            headers={"HX-Request": "true"},
        )

    @task(1)
    def relogin(self):
        self.login(PLAN["owner"])


class Leader(_Base):
    weight = 1

    def on_start(self):
        self.login(PLAN["leader"])

    @task(3)
    def dashboard(self):
        self.page("leader dashboard", "/monitoring/")
