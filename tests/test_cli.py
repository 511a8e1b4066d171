import io
import subprocess
import sys
from pathlib import Path

import pytest

from insights import cli
from tests import factory


@pytest.mark.parametrize(
    ("files", "code", "lines"),
    [
        ({"a.yaml": factory.pack()}, 0, ["ok: 1 pack(s), 6 claim(s) in {dir}"]),
        (
            {"a.yaml": factory.pack(), "b.yaml": {**factory.pack("b-pack"), "region": "x"}},
            1,
            [
                "{dir}/b.yaml: region: Input should be a valid dictionary or instance of Region",
                "1 problem(s); 1 valid pack(s)",
            ],
        ),
        (
            {"a.yaml": "id: [", "b.yaml": "- 1"},
            1,
            [
                "{dir}/a.yaml: line 1: not valid YAML: expected the node content, but found "
                "'<stream end>'",
                "{dir}/b.yaml: expected a mapping of fields at the top level",
                "2 problem(s); 0 valid pack(s)",
            ],
        ),
    ],
)
def test_validate_lists_every_problem(tmp_path, files, code, lines):
    for name, data in files.items():
        factory.write_pack(tmp_path, data, name)
    out = io.StringIO()
    assert cli.main(["validate", str(tmp_path)], out) == code
    assert out.getvalue().splitlines() == [line.format(dir=tmp_path) for line in lines]


def test_module_entry_point_runs(tmp_path):
    factory.write_pack(tmp_path, factory.pack())
    done = subprocess.run(
        [sys.executable, "-m", "insights", "validate", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (done.returncode, done.stdout.strip()) == (0, f"ok: 1 pack(s), 6 claim(s) in {tmp_path}")


ARTICLE = Path(__file__).resolve().parent / "fixtures" / "articles" / "testville.txt"
INGEST = ["--region", "Testville", "--lat", "0", "--lon", "0"]


def test_validate_passes_a_draft_and_says_what_is_left(tmp_path):
    out = io.StringIO()
    assert cli.main(["ingest", str(ARTICLE), *INGEST, "-o", str(tmp_path / "t.yaml")], out) == 0
    out = io.StringIO()
    assert cli.main(["validate", str(tmp_path)], out) == 0
    lines = out.getvalue().splitlines()
    assert lines[0] == f"{tmp_path}/t.yaml: draft, to review before publishing:"
    assert (
        "  claims[0].text: still word for word from the article (¶3); paraphrase it before "
        "publishing" in lines
    )
    assert lines[-1] == f"ok: 1 pack(s) (1 draft), 5 claim(s) in {tmp_path}"


@pytest.mark.parametrize(
    ("content", "extra", "code", "message"),
    [
        (
            None,
            [],
            0,
            "draft: 5 proposed claim(s) from 6 paragraph(s) written to {out}; "
            "review it, then run validate",
        ),
        (b"", [], 1, "error: {article}: is empty: there is no article to read"),
        (b"\x00\x01binary", [], 1, "error: {article}: not a text file (it holds binary data)"),
        (
            b"Testville is home to many software companies today.",
            [],
            1,
            "error: {article}: date: the article states no date; give the date it was published",
        ),
        (
            b"Testville is home to many software companies today.",
            ["--date", "2024-01-02", "--url", "https://example.test/a", "--publisher", "P"],
            0,
            "draft: 1 proposed claim(s) from 1 paragraph(s) written to {out}; "
            "review it, then run validate",
        ),
    ],
)
def test_ingest_writes_a_draft_or_says_why_not(tmp_path, content, extra, code, message):
    article = ARTICLE
    if content is not None:
        article = tmp_path / "article.txt"
        article.write_bytes(content)
    target = tmp_path / "out" / "draft.yaml"
    target.parent.mkdir()
    out = io.StringIO()
    assert cli.main(["ingest", str(article), *INGEST, *extra, "-o", str(target)], out) == code
    assert out.getvalue().strip() == message.format(article=article, out=target)
    assert target.exists() is (code == 0)
    if code == 0:
        assert cli.main(["validate", str(target.parent)], io.StringIO()) == 0


def test_ingest_never_overwrites_without_force(tmp_path):
    target = factory.write_pack(tmp_path, factory.pack(), "taken.yaml")
    out = io.StringIO()
    assert cli.main(["ingest", str(ARTICLE), *INGEST, "-o", str(target)], out) == 1
    assert out.getvalue().strip() == f"error: {target}: already exists; pass --force to replace it"
    assert cli.main(["ingest", str(ARTICLE), *INGEST, "-o", str(target), "--force"], out) == 0


def test_bad_date_is_an_argparse_error_not_a_traceback(tmp_path, capsys):
    with pytest.raises(SystemExit) as caught:
        cli.main(["ingest", str(ARTICLE), *INGEST, "--date", "20/12/2017", "-o", "x.yaml"])
    assert caught.value.code == 2
    assert "'20/12/2017' is not a date like 2017-12-20" in capsys.readouterr().err
