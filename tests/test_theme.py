import pytest

from insights.outputs import theme


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        ("", theme.Theme()),
        ("[theme]\nprimaryColor = '#112233'\n", theme.Theme(primary="#112233")),
        (
            "[theme]\nfont = 'monospace'\ntextColor = '#000000'\n",
            theme.Theme(
                text="#000000",
                font="DejaVu Sans Mono",
                regular_file=theme.Theme().regular_file.parent / "DejaVuSansMono.ttf",
                bold_file=theme.Theme().regular_file.parent / "DejaVuSansMono-Bold.ttf",
            ),
        ),
        ("not toml = = =", theme.Theme()),
    ],
)
def test_load_theme_reads_the_streamlit_config(tmp_path, config, expected):
    path = tmp_path / "config.toml"
    path.write_text(config, encoding="utf-8")
    assert theme.load_theme(path) == expected


def test_a_missing_config_keeps_the_defaults(tmp_path):
    assert theme.load_theme(tmp_path / "none.toml") == theme.Theme()


def test_the_project_config_sets_the_deck_colours():
    look = theme.load_theme()
    assert look.primary == "#0b6e4f"
    assert look.regular_file.exists()
    assert look.bold_file.exists()


@pytest.mark.parametrize(
    ("a", "b", "share", "mixed"),
    [("#000000", "#ffffff", 0.5, "#808080"), ("#102030", "#102030", 0.3, "#102030")],
)
def test_blend(a, b, share, mixed):
    assert theme.blend(a, b, share) == mixed
