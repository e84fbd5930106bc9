"""core.http.post_action: the one form → service → message → redirect shape of POST views."""

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.test import RequestFactory

from core.http import error_text, form_errors_text, post_action


class CountForm(forms.Form):
    n = forms.IntegerField(min_value=1)


def _request(data=None):
    request = RequestFactory().post("/x/", data or {})
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def _flashed(request):
    return [(m.level_tag, str(m)) for m in get_messages(request)]


def test_success_calls_the_service_with_the_cleaned_data_and_flashes():
    request, seen = _request({"n": "3"}), []
    response = post_action(
        request,
        lambda **data: seen.append(data) or "made",
        form=CountForm(request.POST),
        success=lambda result: f"已完成：{result}",
        to=lambda result: f"/done/{result}/",
    )
    assert seen == [{"n": 3}]
    assert response.status_code == 302 and response.url == "/done/made/"
    assert _flashed(request) == [("success", "已完成：made")]


def test_a_service_refusal_is_flashed_and_redirects_to_the_same_place():
    def refuse():
        raise ValidationError({"amount": ["金额超出上限。"], "note": ["请填写说明。"]})

    request = _request()
    response = post_action(request, refuse, success="不应出现", to=lambda result: f"/back/{result}/")
    assert response.url == "/back/None/"
    assert _flashed(request) == [("error", "金额超出上限。；请填写说明。")]


def test_an_invalid_form_is_not_sent_to_the_service():
    request, called = _request({"n": "0"}), []
    response = post_action(
        request,
        lambda **data: called.append(data),
        form=CountForm(request.POST),
        invalid=lambda form: "请检查：" + form_errors_text(form),
        to="/form/",
    )
    assert called == [] and response.url == "/form/"
    (flash,) = _flashed(request)
    assert flash[0] == "error" and flash[1].startswith("请检查：n: ")


def test_an_invalid_form_without_a_message_is_a_tampered_request():
    request = _request({"n": "x"})
    with pytest.raises(Http404):
        post_action(request, lambda **data: None, form=CountForm(request.POST), to="/form/")


def test_permission_denied_is_403_unless_its_reason_is_to_be_flashed():
    def deny():
        raise PermissionDenied("只有管理方可以操作。")

    with pytest.raises(PermissionDenied):
        post_action(_request(), deny, to="/x/")
    request = _request()
    assert post_action(request, deny, to="/x/", flash_denied=True).url == "/x/"
    assert _flashed(request) == [("error", "只有管理方可以操作。")]
    with pytest.raises(PermissionDenied):  # no reason to show: still a 403
        post_action(_request(), lambda: (_ for _ in ()).throw(PermissionDenied()), to="/x/", flash_denied=True)


def test_error_text_joins_the_messages():
    assert error_text(ValidationError(["一", "二"])) == "一；二"
    assert error_text(PermissionDenied("不可")) == "不可"
