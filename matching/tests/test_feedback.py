"""Feedback on matches (issue 20, item 6): useful / not useful / contacted; a dismissed match is
hidden for that record; nobody reads another party's verdict; the share of useful matches per
signal is measured."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from catalog.models import Demand
from matching import selectors, services
from matching.models import MatchFeedback

pytestmark = pytest.mark.django_db


def _panel(client, demand, **params):
    url = reverse("matching:panel", kwargs={"kind": "demands", "pk": demand.pk})
    return client.get(url, params, HTTP_HX_REQUEST="true").content.decode()


def _api_ids(client, demand):
    url = reverse("matching-matches", kwargs={"kind": "demands", "pk": demand.pk})
    return {(m["kind"], m["id"]) for m in client.get(url).json()["matches"]}


def _judge(user, demand, target, verdict):
    return services.feedback_record(
        user=user,
        source_kind="demands",
        source_id=demand.pk,
        target_kind="achievements",
        target_id=target.pk,
        verdict=verdict,
    )


def test_a_dismissed_match_is_hidden_for_that_record_only(
    client, market, enterprise, make_user, make_org, make_record, publish, chain
):
    demand, good = market["demand"], market["good"]
    other = make_record(
        Demand, owner_org=enterprise, status="submitted", title="氢燃料电池电堆低温冷启动", problem="电堆寿命"
    )
    other.industry_chains.add(chain)
    publish(other)
    assert good.title in _panel(client, demand)
    owner = make_user(org=enterprise)
    _judge(owner, demand, good, "not_useful")

    # Hidden from this record's panel and API for everyone: a visitor, a member of another
    # organisation, the owner who dismissed it.
    stranger = make_user(org=make_org())
    for user in (None, stranger, owner):
        if user is None:
            client.logout()
        else:
            client.force_login(user)
        assert good.title not in _panel(client, demand)
        assert ("achievements", good.pk) not in _api_ids(client, demand)
    assert ("achievements", good.pk) not in {
        (m.kind, m.id) for m in selectors.matches_for(kind="demands", pk=demand.pk, user=stranger)
    }
    # Not hidden for another record that finds the same achievement.
    assert good.title in _panel(client, other)

    # The owner may look at the dismissed ones again; a stranger or a visitor may not.
    html = _panel(client, demand, hidden="1")
    assert good.title in html and "已标为无用（推荐中默认不显示）" in html
    assert "已隐藏 1 条标为无用的匹配" in _panel(client, demand)
    client.force_login(stranger)
    html = _panel(client, demand, hidden="1")
    assert good.title not in html and "已隐藏" not in html and "已标为无用" not in html
    client.logout()
    assert good.title not in _panel(client, demand, hidden="1")

    # Marking it useful again brings it back.
    _judge(owner, demand, good, "useful")
    assert good.title in _panel(client, demand)


def test_a_match_useful_to_one_party_stays_when_another_dismisses_it(client, market, enterprise, make_user):
    demand, good = market["demand"], market["good"]
    _judge(make_user(org=enterprise), demand, good, "contacted")
    _judge(make_user(roles=["broker"]), demand, good, "not_useful")
    assert good.title in _panel(client, demand)


def test_nobody_sees_another_partys_verdict(client, market, enterprise, make_user, make_org, operator):
    demand, good = market["demand"], market["good"]
    owner = make_user(org=enterprise)
    broker = make_user(roles=["broker"])
    _judge(owner, demand, good, "contacted")
    pressed = 'btn-secondary" name="verdict" value="contacted"'

    client.force_login(owner)
    assert pressed in _panel(client, demand)  # one's own verdict is shown as pressed
    client.force_login(broker)
    html = _panel(client, demand)
    assert good.title in html and pressed not in html and "btn-secondary" not in html
    own, _dismissed = selectors.record_feedback(user=broker, kind="demands", pk=demand.pk)
    assert own == {}
    client.force_login(make_user(org=make_org()))
    html = _panel(client, demand)
    assert 'name="verdict"' not in html and "已联系" not in html
    client.logout()
    assert 'name="verdict"' not in _panel(client, demand)
    # The feedback API writes only; the per-signal page is for operators.
    client.force_login(broker)
    assert client.get(reverse("matching-feedback")).status_code == 405
    assert client.get(reverse("matching:status")).status_code == 403
    client.force_login(operator)
    assert "各信号的有用率" in client.get(reverse("matching:status")).content.decode()


def test_dismissing_in_the_panel_replaces_the_row(client, market, enterprise, make_user):
    demand, good = market["demand"], market["good"]
    client.force_login(make_user(org=enterprise))
    url = reverse("matching:feedback", kwargs={"kind": "demands", "pk": demand.pk})
    data = {"target_kind": "achievements", "target_id": good.pk, "verdict": "not_useful", "rank": 1}
    response = client.post(url, data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response["HX-Retarget"] == "closest li" and response["HX-Reswap"] == "outerHTML"
    html = response.content.decode()
    assert "此匹配不再显示" in html and 'value="useful"' in html and 'value="not_useful"' not in html
    response = client.post(url, {**data, "verdict": "useful"}, HTTP_HX_REQUEST="true")
    assert "已记录" in response.content.decode()


def test_a_verdict_given_in_the_panel_is_shown_pressed_at_once(client, market, enterprise, make_user):
    """Try-out: after 有用 the button stayed unpressed (only 已记录：有用 beside it) until a reload.
    The row's form comes back with the verdict given pressed."""
    demand, good = market["demand"], market["good"]
    client.force_login(make_user(org=enterprise))
    url = reverse("matching:feedback", kwargs={"kind": "demands", "pk": demand.pk})
    data = {"target_kind": "achievements", "target_id": good.pk, "verdict": "contacted", "rank": 2, "score": "0.9"}
    response = client.post(url, data, HTTP_HX_REQUEST="true")
    assert response["HX-Retarget"] == "closest form" and response["HX-Reswap"] == "outerHTML"
    html = response.content.decode()
    assert 'class="btn btn-sm btn-secondary" name="verdict" value="contacted" type="submit" aria-pressed="true"' in html
    assert 'btn-outline-secondary" name="verdict" value="useful"' in html and "已记录：已联系" in html
    assert 'name="rank" value="2"' in html and f'name="target_id" value="{good.pk}"' in html
    # Without htmx (a plain form post) the answer is still the short message.
    assert "已记录" in client.post(url, {**data, "verdict": "useful"}).content.decode()


def test_taking_a_dismissal_back_from_the_notice_replaces_the_notice(client, market, enterprise, make_user):
    """Try-out: 改为有用 in the dismissed notice recorded the verdict, but the notice kept saying
    已标为无用：此匹配不再显示…, beside 已记录：有用. The notice gives way to one saying what now holds."""
    demand, good = market["demand"], market["good"]
    client.force_login(make_user(org=enterprise))
    url = reverse("matching:feedback", kwargs={"kind": "demands", "pk": demand.pk})
    data = {"target_kind": "achievements", "target_id": good.pk, "verdict": "not_useful"}
    notice = client.post(url, data, HTTP_HX_REQUEST="true").content.decode()
    assert 'name="from_notice"' in notice
    response = client.post(url, {**data, "verdict": "contacted", "from_notice": "1"}, HTTP_HX_REQUEST="true")
    assert response["HX-Retarget"] == "closest li" and response["HX-Reswap"] == "outerHTML"
    html = response.content.decode()
    assert "已改为已联系" in html and "不再显示" not in html and "已标为无用" not in html
    assert MatchFeedback.objects.get().verdict == "contacted"
    assert (good.pk) in {pk for kind, pk in _api_ids(client, demand) if kind == "achievements"}


def test_feedback_records_the_signals_of_the_match_from_the_server(client, market, enterprise, make_user):
    demand, good = market["demand"], market["good"]
    client.force_login(make_user(org=enterprise))
    payload = {
        "source_kind": "demands",
        "source_id": demand.pk,
        "target_kind": "achievements",
        "target_id": good.pk,
        "verdict": "useful",
        "signals": ["budget", "made_up"],  # read-only: the browser cannot choose them
    }
    response = client.post(reverse("matching-feedback"), payload, content_type="application/json")
    assert response.status_code == 201
    signals = set(MatchFeedback.objects.get().signals)
    assert {"chain", "region", "lexical_only", "shared_keyword"} <= signals
    assert "made_up" not in signals and "semantic_only" not in signals
    assert set(response.json()["signals"]) == signals


def test_share_of_useful_matches_per_signal(make_user, operator, client):
    user = make_user(roles=["broker"])
    rows = [
        (["chain", "lexical_only"], "useful"),
        (["chain", "both"], "contacted"),
        (["chain", "semantic_only"], "not_useful"),
        (["semantic_only"], "not_useful"),
        (["lexical_only", "shared_keyword"], "useful"),
    ]
    for n, (signals, verdict) in enumerate(rows):
        MatchFeedback.objects.create(
            source_kind="demands",
            source_id=1,
            target_kind="achievements",
            target_id=n,
            user=user,
            verdict=verdict,
            signals=signals,
        )
    MatchFeedback.objects.create(
        source_kind="demands", source_id=1, target_kind="achievements", target_id=99, user=user, verdict="useful"
    )  # given before signals were recorded: not counted
    report = selectors.feedback_by_signal()
    assert (report["judged"], report["useful"], report["share"]) == (5, 3, 60.0)
    by = {r["signal"]: r for r in report["rows"]}
    assert (by["chain"]["judged"], by["chain"]["useful"], by["chain"]["share"]) == (3, 2, 66.7)
    assert by["chain"]["without_share"] == 50.0 and by["chain"]["lift"] == 16.7 and by["chain"]["weight"] == 0.15
    assert by["semantic_only"]["share"] == 0.0 and by["semantic_only"]["lift"] == -100.0
    assert by["lexical_only"]["weight"] is None
    assert report["rows"][0]["signal"] == "chain"
    assert [r["signal"] for r in selectors.feedback_by_signal(min_judged=2)["rows"]] == [
        "chain",
        "lexical_only",
        "semantic_only",
    ]

    out = StringIO()
    call_command("matching_feedback_report", stdout=out)
    text = out.getvalue()
    assert "共 5 条反馈" in text and "chain" in text and "+16.7" in text
    client.force_login(operator)
    page = client.get(reverse("matching:status")).content.decode()
    assert "仅语义检索召回" in page and "66.7%" in page
