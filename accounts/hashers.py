"""Password hashing: Argon2id, Django's recommended hasher, with a cost sized for this platform.

Django's own Argon2 defaults (time 2, memory 100 MiB, 8 lanes) cost 229 ms per verification on the
2-core machine; a login then costs more CPU than any page and is an easy way to exhaust a worker.
These parameters are OWASP's Password Storage Cheat Sheet first Argon2id configuration
(m = 19 MiB, t = 2, p = 1): 23 ms per verification on a quiet 2-core machine (target ≤ 100 ms).
PBKDF2 stays in PASSWORD_HASHERS after it, so existing hashes still verify and Django rehashes
them with Argon2 at the user's next successful login.
"""

from django.contrib.auth.hashers import Argon2PasswordHasher


class PlatformArgon2PasswordHasher(Argon2PasswordHasher):
    # The algorithm name stays "argon2": hashes carry their own parameters, so a later change of
    # cost here makes Django upgrade a stored hash at the next login (must_update).
    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1
