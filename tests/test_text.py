import re
import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from insights.text import escape_markdown


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("plain words", "plain words"),
        ("**bold** _it_", r"\*\*bold\*\* \_it\_"),
        ("[link](http://x)", r"\[link\]\(http\:\/\/x\)"),
        ("![img](http://evil/x.png)", r"\!\[img\]\(http\:\/\/evil\/x\.png\)"),
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


@given(st.text())
def test_any_text_renders_inertly(raw):
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
    assert "".join(shown) == re.sub(r"[\r\n\u2028\u2029]+", " ", raw)
