import pytest

from insights import access


@pytest.mark.parametrize(
    ("given", "expected", "ok"),
    [
        ("correct horse", "correct horse", True),
        ("correct horse ", "correct horse", False),
        ("wrong", "correct horse", False),
        ("", "correct horse", False),
        ("", "", False),  # nothing configured: nobody gets in, not even with an empty password
        ("anything", "", False),
        ("pässwörd-日本", "pässwörd-日本", True),
        ("passwort-日本", "pässwörd-日本", False),
    ],
)
def test_check_password(given, expected, ok):
    assert access.check_password(given, expected) is ok


def test_wrong_passwords_lock_the_session_for_doubling_times():
    attempts = access.Attempts()
    waits = []
    for now in range(6):
        attempts = access.record_attempt(attempts, ok=False, now=float(now))
        waits.append(attempts.wait_seconds(float(now)))
    assert waits == [0.0, 0.0, 2.0, 4.0, 8.0, 16.0]
    assert attempts.wait_seconds(100.0) == 0.0


def test_lockout_is_capped_and_cleared_by_success():
    attempts = access.Attempts(failures=40)
    attempts = access.record_attempt(attempts, ok=False, now=0.0)
    assert attempts.wait_seconds(0.0) == access.MAX_LOCKOUT_S
    assert access.record_attempt(attempts, ok=True, now=1.0) == access.Attempts()
