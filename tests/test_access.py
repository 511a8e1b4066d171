import pytest

from insights.quotes import access


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


def test_wrong_passwords_are_forgotten_after_a_quiet_spell():
    attempts = access.Attempts()
    for now in (0.0, 1.0):
        attempts = access.record_attempt(attempts, ok=False, now=now)
    assert attempts == access.Attempts(2, 0.0, 1.0)
    # One more within the hour starts the lockout; after an hour's quiet it is a first miss.
    assert access.record_attempt(attempts, ok=False, now=2.0).wait_seconds(2.0) == 2.0
    later = 1.0 + access.FORGET_AFTER_S + 1
    assert access.record_attempt(attempts, ok=False, now=later) == access.Attempts(1, 0.0, later)


@pytest.mark.parametrize(
    ("attempts", "now", "right", "checked", "ok", "wait"),
    [
        (access.Attempts(), 0.0, True, True, True, 0.0),
        (access.Attempts(2, 0.0, 0.0), 1.0, False, True, False, 2.0),
        (access.Attempts(3, 10.0, 8.0), 9.0, True, False, False, 1.0),  # locked: not checked
        (access.Attempts(3, 10.0, 8.0), 10.0, True, True, True, 0.0),
    ],
)
def test_judge_attempt_checks_only_outside_a_lockout(attempts, now, right, checked, ok, wait):
    calls = []

    def check() -> bool:
        calls.append(now)
        return right

    verdict = access.judge_attempt(attempts, now, check)
    assert (verdict.checked, verdict.ok, verdict.wait_seconds(now)) == (checked, ok, wait)
    assert len(calls) == int(checked)


@pytest.mark.parametrize(
    ("address", "key"),
    [
        ("203.0.113.7", "203.0.113.7"),
        (" 203.0.113.7 ", "203.0.113.7"),
        ("::ffff:203.0.113.7", "203.0.113.7"),
        ("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"),
        ("2001:db8:1:2:ffff::1", "2001:db8:1:2::/64"),  # same /64, same count
        ("fe80::1%eth0", "fe80::/64"),
        (None, access.UNKNOWN_CLIENT),
        ("", access.UNKNOWN_CLIENT),
        ("not an address", access.UNKNOWN_CLIENT),
    ],
)
def test_client_key(address, key):
    assert access.client_key(address) == key
