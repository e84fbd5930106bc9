import pytest
from django.core.exceptions import ValidationError

from patents.validators import (
    application_check_char,
    application_type,
    normalise_name,
    type_from_publication,
    validate_application_number,
    validate_ipc,
    validate_publication_number,
)


@pytest.mark.parametrize(
    "value, expected",
    [
        ("CN114081026A", "CN114081026A"),
        (" cn215792497u ", "CN215792497U"),
        ("CN111504366B", "CN111504366B"),
        ("CN306123456S", "CN306123456S"),
        ("CN1234567A", "CN1234567A"),  # the older 7-digit series
        ("ＣＮ114081026Ａ", "CN114081026A"),  # full-width input
    ],
)
def test_valid_publication_numbers(value, expected):
    assert validate_publication_number(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        "",
        "CN11408A",
        "US114081026A",
        "CN114081026",
        "CN114081026Q",
        "CN214081026A",  # utility-model series with an invention kind code
        "CN114081026U",
    ],
)
def test_invalid_publication_numbers(value):
    with pytest.raises(ValidationError):
        validate_publication_number(value)


def test_type_from_kind_code():
    assert type_from_publication("CN114081026A") == "invention"
    assert type_from_publication("CN215792497U") == "utility"
    assert type_from_publication("CN306123456S") == "design"


def test_application_check_digit_published_examples():
    # 201710601862.3 and 95115608.X are the worked examples of the CNIPA scheme.
    assert application_check_char("201710601862") == "3"
    assert application_check_char("95115608") == "X"
    assert validate_application_number("201710601862.3") == "201710601862.3"
    assert validate_application_number("ZL95115608.X") == "95115608.X"
    assert validate_application_number("CN 2017106018623") == "201710601862.3"


@pytest.mark.parametrize("value", ["201710601862.4", "95115608.1", "2017106018.3", "abc"])
def test_application_number_rejected(value):
    with pytest.raises(ValidationError) as exc:
        validate_application_number(value)
    if value == "201710601862.4":
        assert "校验位应为 3" in exc.value.messages[0]


def test_application_type_digit():
    assert application_type("201710601862.3") == "invention"
    assert application_type("202120654321.9") == "utility"
    assert application_type("95115608.X") == "invention"


def test_ipc_validation():
    assert validate_ipc("h01m 8/0612") == "H01M8/0612"
    assert validate_ipc("C25B") == "C25B"
    for bad in ("H01", "H01M8", "Z01M", "H01M8/"):
        with pytest.raises(ValidationError):
            validate_ipc(bad)


def test_normalise_name_ignores_width_and_spaces():
    assert normalise_name("西安交通大学（创新港）") == normalise_name(" 西安交通大学(创新港) ")
