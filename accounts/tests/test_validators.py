import pytest
from django.core.exceptions import ValidationError

from accounts.validators import CREDIT_CODE_CHARSET, credit_code_check_char, validate_credit_code, validate_mobile


def with_check(first17: str) -> str:
    return first17 + credit_code_check_char(first17)


@pytest.mark.parametrize(
    "code",
    [
        "91110000802100433B",  # published enterprise code (check char B)
        "12100000400000624D",  # public institution (机关/事业单位 category 1)
        with_check("91610131MA6TX1234"),  # Xi'an high-tech zone enterprise, letters in the org part
        with_check("52610000MJ0000001"),  # social organisation (5)
        with_check("Y1610402MA6XN0A0N"),  # other (Y) category, county 610402 (Xianyang Qindu)
    ],
)
def test_valid_codes_pass(code):
    validate_credit_code(code)


def test_lower_case_is_accepted_after_normalising():
    validate_credit_code("91110000802100433b")


def test_check_char_can_be_zero_and_letters():
    # Every possible check character is produced by some code, including "0".
    seen = {credit_code_check_char(f"91610131{n:09d}") for n in range(400)}
    assert "0" in seen and seen <= set(CREDIT_CODE_CHARSET)


@pytest.mark.parametrize("bad_last", ["A", "C", "1"])
def test_wrong_check_char_rejected(bad_last):
    with pytest.raises(ValidationError) as info:
        validate_credit_code("91110000802100433" + bad_last)
    assert info.value.code == "check_char"
    assert "校验位" in info.value.messages[0]


@pytest.mark.parametrize("letter", ["I", "O", "Z", "S", "V"])
def test_forbidden_letters_rejected(letter):
    first17 = "91610131MA6T" + letter + "1234"
    with pytest.raises(ValidationError) as info:
        validate_credit_code(first17 + "0")
    assert info.value.code == "charset"


@pytest.mark.parametrize("code", ["9111000080210043", "91110000802100433BB", ""])
def test_wrong_length_rejected(code):
    with pytest.raises(ValidationError) as info:
        validate_credit_code(code)
    assert info.value.code == "length"


def test_region_part_must_be_digits():
    with pytest.raises(ValidationError) as info:
        validate_credit_code(with_check("9161A131MA6TX1234"))
    assert info.value.code == "charset"


@pytest.mark.parametrize("mobile", ["13912345678", "19900000000"])
def test_valid_mobiles(mobile):
    validate_mobile(mobile)


@pytest.mark.parametrize("mobile", ["12912345678", "1391234567", "139123456789", "+8613912345678", ""])
def test_invalid_mobiles(mobile):
    with pytest.raises(ValidationError):
        validate_mobile(mobile)
