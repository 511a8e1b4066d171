import re
import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from insights.content.text import (
    WORD_JOINER,
    describe_character,
    escape_markdown,
    find_hidden_character,
    find_unstorable_character,
)


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("plain words", "plain words"),
        ("**bold** _it_", r"\*\*bold\*\* \_it\_"),
        ("[link](http://x)", "\\[link\\]\\(http\\:\u2060\\/\\/x\\)"),
        # The forms GitHub-flavoured Markdown links by itself get an invisible word joiner.
        ("https://evil.test/login", "https\\:\u2060\\/\\/evil\\.test\\/login"),
        ("see www.evil.test", "see www\u2060\\.evil\\.test"),
        ("WWW.EVIL.TEST", "WWW\u2060\\.EVIL\\.TEST"),
        ("x@evil.test", "x\u2060\\@evil\\.test"),
        ("mailto:x@evil.test", "mailto\\:x\u2060\\@evil\\.test"),
        ("![img](http://evil/x.png)", "\\!\\[img\\]\\(http\\:\u2060\\/\\/evil\\/x\\.png\\)"),
        ("<img src=x onerror=alert(1)>", r"\<img src\=x onerror\=alert\(1\)\>"),
        (":red[alert] :material/home:", r"\:red\[alert\] \:material\/home\:"),
        ("$x^2$", r"\$x\^2\$"),
        ("# heading\n- item", r"\# heading \- item"),
        ("café ¶3 — ok", "café ¶3 — ok"),
    ],
)
def test_escape_markdown(raw, escaped):
    assert escape_markdown(raw) == escaped


_METACHARACTERS = set(string.punctuation)


def _assert_inert(raw: str) -> None:
    escaped = escape_markdown(raw)
    assert not any(ch in escaped for ch in "\r\n\u2028\u2029")
    # Every Markdown/HTML metacharacter comes escaped, and dropping the escapes gives back
    # exactly the text (on one line).
    shown, i = [], 0
    while i < len(escaped):
        if escaped[i] == "\\":
            assert escaped[i + 1] in _METACHARACTERS
            shown.append(escaped[i + 1])
            i += 2
            continue
        assert escaped[i] not in _METACHARACTERS, escaped
        shown.append(escaped[i])
        i += 1
    # Dropping the word joiners too gives back exactly the text (on one line).
    seen = "".join(shown)
    assert seen.replace(WORD_JOINER, "") == re.sub(
        r"[\r\n\u2028\u2029]+", " ", raw.replace(WORD_JOINER, "")
    )
    # And none of the forms GitHub-flavoured Markdown would link is left whole.
    assert not re.search(r"(?i)www\.|://|[^\u2060]@|^@", seen), seen


@given(st.lists(st.sampled_from(["www", ".", ":", "/", "@", "x", "W", " ", WORD_JOINER])))
def test_no_autolink_form_survives_any_mix_of_its_parts(parts):
    _assert_inert("".join(parts))


@given(st.text())
def test_any_text_renders_inertly(raw):
    _assert_inert(raw)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("plain, with tab\tand\nline", None),
        ("emoji 🙂 and é", None),
        ("bad\ufffe", (3, "\ufffe")),
        ("bad\uffff", (3, "\uffff")),
        ("\ud800 lone surrogate", (0, "\ud800")),
        ("bell\x07", (4, "\x07")),
        ("carriage\rreturn", (8, "\r")),
        ("private use \ue000 is fine", None),
    ],
)
def test_find_unstorable_character(text, found):
    assert find_unstorable_character(text) == found


@pytest.mark.parametrize(
    ("text", "allowed", "found"),
    [
        ("plain", "", None),
        ("zero\u200bwidth", "", "\u200b"),
        ("line\nbreak", "", "\n"),
        ("line\nbreak", "\n", None),
        # Not a control or format character, but no export can hold it.
        ("title\ufffe", "", "\ufffe"),
    ],
)
def test_find_hidden_character(text, allowed, found):
    assert find_hidden_character(text, allowed) == found


@pytest.mark.parametrize(
    ("ch", "described"),
    [("\ufffe", "U+FFFE"), ("\x07", "U+0007"), ("\u200b", "U+200B (ZERO WIDTH SPACE)")],
)
def test_describe_character(ch, described):
    assert describe_character(ch) == described
