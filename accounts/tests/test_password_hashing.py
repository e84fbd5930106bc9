from django.contrib.auth.hashers import check_password, identify_hasher, make_password
from django.urls import reverse


def test_new_passwords_are_hashed_with_argon2id_at_the_platform_cost(make_user):
    user = make_user(password="Secret-pass-1")
    assert user.password.startswith("argon2$argon2id$")
    assert "m=19456,t=2,p=1" in user.password
    assert check_password("Secret-pass-1", user.password)
    assert not check_password("wrong-pass-1", user.password)


def test_an_existing_pbkdf2_hash_is_upgraded_to_argon2_at_the_next_login(client, make_user):
    user = make_user(email="old@example.cn", password="unused-Pass-1")
    user.password = make_password("Old-hash-pass-9", hasher="pbkdf2_sha256")
    user.save(update_fields=["password"])
    assert identify_hasher(user.password).algorithm == "pbkdf2_sha256"

    # A failed login leaves the old hash alone.
    client.post(reverse("accounts:login"), {"username": "old@example.cn", "password": "Wrong-pass-9"})
    user.refresh_from_db()
    assert identify_hasher(user.password).algorithm == "pbkdf2_sha256"

    response = client.post(reverse("accounts:login"), {"username": "old@example.cn", "password": "Old-hash-pass-9"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert identify_hasher(user.password).algorithm == "argon2"
    assert check_password("Old-hash-pass-9", user.password)
