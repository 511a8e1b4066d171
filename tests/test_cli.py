import io
import subprocess
import sys

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
