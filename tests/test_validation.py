"""What users type is checked the same in forms, the API and imports (model clean):
amounts ≥ 0 and upper ≥ lower, mainland phone numbers, e-mail, TRL 1–9, deadlines not in the past
on creation, credit codes normalised before their check."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Organisation
from accounts.validators import credit_code_check_char, normalise_credit_code
from catalog import importing
from catalog.models import Achievement, Demand
from core.validators import normalise_phone, validate_phone

pytestmark = pytest.mark.django_db

FUTURE = (timezone.localdate() + dt.timedelta(days=90)).isoformat()


def _api_error(response) -> dict:
    assert response.status_code == 400, response.content
    return response.json()["error"]["fields"]


@pytest.mark.parametrize(
    ("fields", "bad"),
    [
        ({"budget_min": "-5"}, "budget_min"),
        ({"budget_min": "50", "budget_max": "10"}, "budget_max"),
        ({"contact_phone": "abc"}, "contact_phone"),
        ({"contact_phone": "call me maybe"}, "contact_phone"),
        ({"contact_email": "call me maybe"}, "contact_email"),
        ({"deadline": "2020-06-30"}, "deadline"),
    ],
)
def test_api_refuses_bad_demand_input(client, member, fields, bad):
    client.force_login(member)
    body = {"title": "演示需求", "problem": "问题", **fields}
    response = client.post("/api/v1/demands/", body, content_type="application/json")
    assert bad in _api_error(response)
    assert not Demand.objects.exists()


@pytest.mark.parametrize(("trl", "ok"), [(1, True), (9, True), (0, False), (10, False), ("5.5", False), ("inf", False)])
def test_api_trl_is_an_integer_from_1_to_9(client, member, trl, ok):
    client.force_login(member)
    response = client.post("/api/v1/achievements/", {"title": "演示成果", "trl": trl}, content_type="application/json")
    assert (response.status_code == 201) is ok, response.content
    assert Achievement.objects.exists() is ok


def test_api_negative_asking_price_refused(client, member):
    client.force_login(member)
    response = client.post(
        "/api/v1/achievements/", {"title": "演示成果", "asking_price": "-5"}, content_type="application/json"
    )
    assert "asking_price" in _api_error(response)


def test_form_refuses_bad_input_and_saves_nothing(client, member):
    client.force_login(member)
    url = reverse("catalog:create", args=["demands"])
    page = client.post(
        url,
        {"title": "演示需求", "problem": "问题", "budget_min": "-5", "contact_phone": "abc", "visibility": "public"},
    )
    assert page.status_code == 200
    errors = page.context["form"].errors
    assert {"budget_min", "contact_phone"} <= set(errors)
    assert not Demand.objects.exists()
    page = client.post(url, {"title": "演示需求", "problem": "问题", "deadline": "2020-01-01", "visibility": "public"})
    assert "deadline" in page.context["form"].errors and not Demand.objects.exists()
    response = client.post(
        url,
        {
            "title": "演示需求",
            "problem": "问题",
            "deadline": FUTURE,
            "contact_phone": "(029) 8888-6666",
            "visibility": "public",
        },
    )
    assert response.status_code == 302
    assert Demand.objects.get().contact_phone == "029-88886666"


def test_import_refuses_the_same_input(operator):
    content = (
        "标题,技术问题,预算下限（万元）,预算上限（万元）,联系电话,联系邮箱\n"
        "演示一,问题,-5,,,\n"
        "演示二,问题,50,10,,\n"
        "演示三,问题,,,call me maybe,\n"
        "演示四,问题,,,13800000000,not-an-email\n"
        "演示五,问题,,,+86 138 0000 0000,a@example.cn\n"
    ).encode()
    report = importing.import_records(model=Demand, filename="d.csv", content=content, by=operator)
    found = {(e.line, e.column) for e in report.errors}
    assert found == {(2, "预算下限（万元）"), (3, "预算上限（万元）"), (4, "联系电话"), (5, "联系邮箱")}
    assert not Demand.objects.exists()


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("13800000000", "13800000000"),
        ("+86 138-0000-0000", "13800000000"),
        ("029-88886666", "029-88886666"),
        ("(029) 8888-6666 转 123", "029-88886666-123"),
        ("0917-3211234", "0917-3211234"),
        ("400-800-1234", "4008001234"),
        ("１３８００００００００", "13800000000"),
    ],
)
def test_phone_forms_accepted_and_normalised(value, expected):
    validate_phone(value)
    assert normalise_phone(value) == expected


@pytest.mark.parametrize("value", ["abc", "call me maybe", "12345", "1380000000", "23800000000", "029-123"])
def test_phone_forms_refused(value):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        validate_phone(value)


def _code() -> str:
    first17 = "91610131MA6T0AB1C"
    return first17 + credit_code_check_char(first17)


def test_full_width_and_spaced_credit_codes_are_normalised(client, make_user):
    code = _code()
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in code)
    assert normalise_credit_code(full_width) == code
    assert normalise_credit_code(f"{code[:8]} {code[8:12]}-{code[12:]}") == code
    client.force_login(make_user())
    response = client.post(
        reverse("accounts:organisation_create"),
        {"kind": "enterprise", "name": "演示全角代码公司", "credit_code": full_width},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Organisation.objects.get(name="演示全角代码公司").credit_code == code
    # a second registration with the code typed with spaces is the same code: refused as existing
    page = client.post(
        reverse("accounts:organisation_create"),
        {"kind": "enterprise", "name": "另一家", "credit_code": f"{code[:8]} {code[8:]}"},
    )
    assert "已存在" in page.content.decode()


def test_api_credit_code_normalised(client, make_user):
    client.force_login(make_user())
    code = _code()
    response = client.post(
        "/api/v1/organisations/",
        {"kind": "enterprise", "name": "演示接口公司", "credit_code": f"{code[:6]}-{code[6:].lower()}"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert Organisation.objects.get(name="演示接口公司").credit_code == code


def test_operator_may_record_a_pre_2016_code_failing_only_its_check_character(client, operator, make_user):
    first17 = "91610131MA6T0AB1C"
    good = credit_code_check_char(first17)
    wrong = next(c for c in "0123456789" if c != good)
    old_code = first17 + wrong
    url = reverse("accounts:organisation_create")
    base = {"kind": "enterprise", "name": "演示老代码公司", "credit_code": old_code}
    # without a reason, or by a member, the check character is refused
    client.force_login(operator)
    assert "校验位不正确" in client.post(url, base).content.decode()
    member = make_user()
    client.force_login(member)
    page = client.post(url, {**base, "credit_code_note": "2015年营业执照上的旧代码"}).content.decode()
    assert "校验位不正确" in page and not Organisation.objects.filter(name="演示老代码公司").exists()
    # an operator with a reason records it; it shows as unverified
    client.force_login(operator)
    response = client.post(url, {**base, "credit_code_note": "2015年营业执照上的旧代码"})
    assert response.status_code == 302, response.content.decode()[:2000]
    organisation = Organisation.objects.get(name="演示老代码公司")
    assert organisation.credit_code == old_code and not organisation.credit_code_verified
    page = client.get(reverse("accounts:organisation_detail", args=[organisation.pk])).content.decode()
    assert "未核验" in page and "2015年营业执照上的旧代码" in page
    # other faults stay refused even with a reason
    bad = {**base, "name": "另一家", "credit_code": "91610131MA6T0AB1", "credit_code_note": "旧代码"}
    assert "18位" in client.post(url, bad).content.decode()
