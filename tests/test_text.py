import pytest

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
