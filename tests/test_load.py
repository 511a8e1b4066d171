import copy
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from insights.content import load
from insights.errors import PackError
from insights.ingest import review
from tests import factory


def _with(path: list, value: object) -> dict:
    """Return the default pack with one nested field replaced (or removed when value is ...)."""
    data = copy.deepcopy(factory.pack())
    target = data
    for step in path[:-1]:
        target = target[step]
    if value is ...:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return data


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            _with(["claims", 3, "theme"], "talnet"),
            "claims[3].theme",
            "'talnet' is not one of 'talent', 'industry', 'culture', 'capital', 'stability', "
            "'partnerships', 'demand' or 'infrastructure'",
        ),
        (
            _with(["claims", 0, "stance"], "neutral"),
            "claims[0].stance",
            "'neutral' is not one of 'strength', 'challenge', 'recommendation' or 'context'",
        ),
        (_with(["claims", 1, "text"], ...), "claims[1].text", "is required"),
        (_with(["claims", 1, "colour"], "red"), "claims[1].colour", "is not a known field"),
        (
            _with(["claims", 2, "place"], "nowhere"),
            "claims[2].place",
            "'nowhere' is not one of the pack's places",
        ),
        (
            _with(["claims", 2, "paragraph"], 9),
            "claims[2].paragraph",
            "the source has no paragraph 9",
        ),
        (_with(["claims", 1, "id"], "test-c1"), "claims[1].id", "'test-c1' is used twice"),
        (
            _with(["places", 0, "lat"], 123),
            "places[0].lat",
            "Input should be less than or equal to 90 (got 123)",
        ),
        (
            _with(["source", "kind"], "tabloid"),
            "source.kind",
            "'tabloid' is not one of 'vendor_blog', 'news', 'research', 'government' or "
            "'promotion'",
        ),
        (
            _with(["source", "url"], "not a url"),
            "source.url",
            "Input should be a valid URL, relative URL without a base (got 'not a url')",
        ),
        (
            _with(["companies", 0, "claim"], "test-c9"),
            "companies[0].claim",
            "'test-c9' is not one of the pack's claims",
        ),
        (
            _with(["universities", 1, "qualifier"], ...),
            "universities[1]",
            "give a count or, where the source gives none, its qualifier",
        ),
        (
            _with(["responses", 0, "remedy"], "test-c5"),
            "responses[0].remedy",
            "'test-c5' is a challenge, not a recommendation",
        ),
        (
            _with(["call_to_action", "actions", 0, "paragraph"], 7),
            "call_to_action.actions[0].paragraph",
            "the source has no paragraph 7",
        ),
        (
            "claims: [unclosed",
            "line 1",
            "not valid YAML: did not find expected ',' or ']'",
        ),
        ("- just\n- a list\n", "", "expected a mapping of fields at the top level"),
        # Issue 15, case 5: characters no exported deck can hold are refused where they are.
        (
            _with(["claims", 2, "text"], "Fine words\ufffe"),
            "claims[2].text",
            "holds U+FFFE at character 11, which an exported deck cannot hold; remove it",
        ),
        (
            _with(["places", 0, "name"], "Alpha\x07"),
            "places[0].name",
            "holds U+0007 at character 6, which an exported deck cannot hold; remove it",
        ),
        (
            _with(["source", "bias"], "Tabs\tand\nlines are fine, \x1b is not"),
            "source.bias",
            "holds U+001B at character 26, which an exported deck cannot hold; remove it",
        ),
    ],
)
def test_check_pack_text_names_file_and_field(data, field, message):
    text = data if isinstance(data, str) else factory.dump(data)
    pack, problems = load.check_pack_text(text, "data/x.yaml")
    assert pack is None
    assert problems[0] == PackError("data/x.yaml", field, message)
    assert str(problems[0]).startswith(f"data/x.yaml: {field}")


@pytest.mark.parametrize(
    ("target", "kept"),
    [(..., None), ("https://example.test/talk", "https://example.test/talk")],
)
def test_a_call_to_actions_target_is_recorded_only_where_the_source_states_one(target, kept):
    text = factory.dump(_with(["call_to_action", "actions", 0, "target"], target))
    pack, problems = load.check_pack_text(text, "data/x.yaml")
    assert problems == []
    assert pack is not None
    assert pack.call_to_action is not None
    found = pack.call_to_action.actions[0].target
    assert (None if found is None else str(found)) == kept


def test_a_file_wrong_throughout_lists_the_first_problems_and_counts_the_rest():
    data = {**factory.pack(), "claims": ["x"] * (load.MAX_LISTED_PROBLEMS + 12)}
    _, problems = load.check_pack_text(factory.dump(data), "x.yaml")
    assert len(problems) == load.MAX_LISTED_PROBLEMS + 1
    assert problems[0] == PackError(
        "x.yaml", "claims[0]", "Input should be a valid dictionary or instance of Claim"
    )
    assert problems[-1] == PackError("x.yaml", "", "and 12 more problems")


def test_every_problem_is_listed_not_just_the_first():
    data = _with(["claims", 0, "theme"], "talnet")
    data["claims"][1]["stance"] = "meh"
    _, problems = load.check_pack_text(factory.dump(data), "x.yaml")
    assert [p.field for p in problems] == ["claims[0].theme", "claims[1].stance"]


def test_hostile_input_is_shortened_in_messages():
    data = _with(["claims", 0, "theme"], "<script>" + "x" * 500)
    _, problems = load.check_pack_text(factory.dump(data), "x.yaml")
    assert len(problems[0].message) < 200
    assert problems[0].message.startswith("'<script>xxx")


@pytest.mark.parametrize(
    ("files", "loaded", "problems"),
    [
        ({"a.yaml": factory.pack("a-pack")}, ["a-pack"], []),
        (
            {"a.yaml": factory.pack("a-pack"), "b.yaml": factory.pack("b-pack")},
            ["a-pack", "b-pack"],
            [],
        ),
        (
            {"a.yaml": factory.pack("a-pack"), "b.yaml": "claims: [broken"},
            ["a-pack"],
            [("b.yaml", "line 1")],
        ),
        (
            {"a.yaml": factory.pack("a-pack"), "b.yaml": factory.pack("a-pack")},
            ["a-pack"],
            [("b.yaml", "id")] + [("b.yaml", f"claims[{i}].id") for i in range(6)],
        ),
        ({"notes.txt": "not a pack"}, [], [("", "")]),
    ],
)
def test_load_packs_keeps_valid_packs_and_lists_the_rest(tmp_path, files, loaded, problems):
    for name, data in files.items():
        factory.write_pack(tmp_path, data, name)
    catalog = load.load_packs(tmp_path)
    assert sorted(catalog.claims["pack"].unique()) == loaded
    found = [
        (Path(p.file).name if p.file != str(tmp_path) else "", p.field) for p in catalog.problems
    ]
    assert found == problems


def test_unreadable_files_are_reported(tmp_path):
    (tmp_path / "bin.yaml").write_bytes(b"\xff\xfe\x00binary")
    catalog = load.load_packs(tmp_path)
    assert catalog.claims.empty
    assert catalog.problems == (
        PackError(str(tmp_path / "bin.yaml"), "", "not UTF-8 text (byte 0)"),
    )


def test_missing_folder_is_a_problem_not_a_crash(tmp_path):
    catalog = load.load_packs(tmp_path / "absent")
    assert catalog.problems == (PackError(str(tmp_path / "absent"), "", "no such folder"),)


def test_stamp_changes_when_a_pack_changes(tmp_path):
    path = factory.write_pack(tmp_path, factory.pack())
    before = load.stamp_packs(tmp_path)
    path.write_text(path.read_text() + "\n# edited\n", encoding="utf-8")
    assert load.stamp_packs(tmp_path) != before
    assert load.stamp_packs(tmp_path) == load.stamp_packs(tmp_path)
    assert load.stamp_packs(tmp_path / "missing") != before


@pytest.mark.parametrize(
    ("status", "problems"),
    [
        ("draft", []),
        (
            "published",
            [
                (
                    "source.paragraphs[0].text",
                    "the article's own words are kept only in a draft; remove them to publish",
                )
            ],
        ),
    ],
)
def test_article_text_is_kept_only_in_drafts(status, problems):
    data = factory.pack(status=status)
    data["source"]["paragraphs"][0]["text"] = "The article's own words."
    _, found = load.check_pack_text(factory.dump(data), "x.yaml")
    assert [(p.field, p.message) for p in found] == problems


# Fuzzed input: whatever the YAML holds, the loader ends in a pack or in PackErrors that name
# the file (and, below the top level, the field); never in another exception.
_SCALARS = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=12,
)


def _assert_pack_or_located_errors(text: str, top_level_mapping: bool) -> None:
    pack, problems = load.check_pack_text(text, "fuzz.yaml")
    assert (pack is None) == bool(problems)
    for problem in problems:
        assert isinstance(problem, PackError)
        assert problem.file == "fuzz.yaml"
        assert problem.message
        if top_level_mapping:
            assert problem.field, problem


@given(st.text(max_size=200))
def test_any_text_is_a_pack_or_a_located_error(text):
    _assert_pack_or_located_errors(text, top_level_mapping=False)


@given(_VALUES)
def test_any_yaml_value_is_a_pack_or_a_located_error(value):
    _assert_pack_or_located_errors(factory.dump(value), top_level_mapping=isinstance(value, dict))


def _paths(value: object, prefix: tuple = ()) -> list[tuple]:
    out = [prefix] if prefix else []
    if isinstance(value, dict):
        for key, item in value.items():
            out += _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            out += _paths(item, (*prefix, i))
    return out


_PACK_PATHS = _paths(factory.pack())


@given(st.sampled_from(_PACK_PATHS), _VALUES | st.just(...))
def test_a_valid_pack_with_any_field_replaced_or_removed_fails_only_with_located_errors(
    path, value
):
    _assert_pack_or_located_errors(factory.dump(_with(list(path), value)), top_level_mapping=True)


# --- Sources' dates, figures and links between sources. ---


@pytest.mark.parametrize(
    ("source", "field", "message"),
    [
        (
            factory.source_dated(),
            "source",
            "give published (a date, or 'not stated') or published_year, not both or neither",
        ),
        (
            factory.source_dated(published="2021-07-15", published_year=2021),
            "source",
            "give published (a date, or 'not stated') or published_year, not both or neither",
        ),
        (
            factory.source_dated(published="2021-07-15", language="fr"),
            "source.language",
            "'fr' is not one of 'en' or 'es'",
        ),
    ],
)
def test_a_source_states_one_date_or_says_it_has_none(source, field, message):
    _, problems = load.check_pack_text(factory.dump(factory.pack(source=source)), "x.yaml")
    assert problems == [PackError("x.yaml", field, message)]


@pytest.mark.parametrize(
    ("figures", "links", "field", "message"),
    [
        (
            [factory.figure("f1", place="nowhere")],
            [],
            "figures[0].place",
            "'nowhere' is not one of the pack's places",
        ),
        (
            [factory.figure("f1", claim="nope")],
            [],
            "figures[0].claim",
            "'nope' is not one of the pack's claims",
        ),
        (
            [factory.figure("f1", paragraph=7)],
            [],
            "figures[0].paragraph",
            "the source has no paragraph 7",
        ),
        ([factory.figure("f1"), factory.figure("f1")], [], "figures[1].id", "'f1' is used twice"),
        (
            [factory.figure("f1", unit="money")],
            [],
            "figures[0]",
            "money names its currency, and only money does",
        ),
        (
            [factory.figure("f1", currency="USD")],
            [],
            "figures[0]",
            "money names its currency, and only money does",
        ),
        ([], [factory.link("test-c1", "test-c1")], "links[0].target", "'test-c1' links to itself"),
        (
            [],
            [factory.link("test-c1", "test-c2")],
            "links[0].target",
            "'test-c2' is a claim of the same source; link only to another source",
        ),
        (
            [],
            [factory.link("nope", "x-c1")],
            "links[0].claim",
            "'nope' is not one of the pack's claims",
        ),
        (
            [],
            [factory.link("test-c1", "x-c1", kind="agrees")],
            "links[0].kind",
            "'agrees' is not one of 'corroborates', 'updates' or 'contradicts'",
        ),
    ],
)
def test_figures_and_links_are_checked_within_a_pack(figures, links, field, message):
    data = factory.pack(figures=figures, links=links)
    _, problems = load.check_pack_text(factory.dump(data), "x.yaml")
    assert PackError("x.yaml", field, message) in problems


@pytest.mark.parametrize(
    ("newer_links", "same_url", "loaded", "problems"),
    [
        ([factory.link("newer-c1", "test-c1")], False, ["newer-pack", "test-pack"], []),
        (
            [factory.link("newer-c1", "ghost")],
            False,
            ["test-pack"],
            [("b.yaml", "links[0].target", "'ghost' is not a claim of any pack")],
        ),
        (
            [factory.link("newer-c1", "test-c1")],
            True,
            ["test-pack"],
            [
                (
                    "b.yaml",
                    "links[0].target",
                    "'test-c1' is a claim of the same source (test-pack); link only to another",
                )
            ],
        ),
    ],
)
def test_links_reach_a_claim_of_another_source(tmp_path, newer_links, same_url, loaded, problems):
    newer = factory.other_pack(links=newer_links)
    if same_url:
        newer["source"]["url"] = factory.SOURCE["url"]
    factory.write_pack(tmp_path, factory.pack(), "a.yaml")
    factory.write_pack(tmp_path, newer, "b.yaml")
    catalog = load.load_packs(tmp_path)
    assert sorted(catalog.sources["pack"]) == loaded
    assert [(p.file.rsplit("/", 1)[-1], p.field, p.message) for p in catalog.problems] == problems


def test_leaving_a_pack_out_strands_the_links_to_it(tmp_path):
    # c links to b, b to a missing claim: b is left out, so c's link has no target either.
    factory.write_pack(
        tmp_path, factory.other_pack(links=[factory.link("newer-c1", "ghost")]), "b.yaml"
    )
    third = factory.other_pack("third-pack", links=[factory.link("third-c1", "newer-c1")])
    factory.write_pack(tmp_path, third, "c.yaml")
    catalog = load.load_packs(tmp_path)
    assert catalog.sources.empty
    assert [p.field for p in catalog.problems] == ["links[0].target", "links[0].target"]


# A claim goes on a slide alone: it may not lean on the sentence before it nor speak to the rep.
LEANS = "which leans on a sentence before it; name the subject so the claim stands alone on a slide"
REMARK = "a remark to the rep, not a claim; put it in the source's bias note or drop it"


@pytest.mark.parametrize(
    ("text", "messages"),
    [
        ("Alpha City counts five universities.", []),
        ("IT services employ many people in Alpha City.", []),
        ("Italy-born firms invest in Alpha City.", []),
        ("Thereafter nothing; Alpha City still grows.", []),
        ("Its universities are strong.", [f"opens with 'Its', {LEANS}"]),
        ("It is growing.", [f"opens with 'It', {LEANS}"]),
        ("Those firms came for talent.", [f"opens with 'Those', {LEANS}"]),
        ("These investors range widely.", [f"opens with 'These', {LEANS}"]),
        ("As a result, Beta Land is seen as established.", [f"opens with 'As a result', {LEANS}"]),
        ("The director says costs are low.", [f"opens with 'The director', {LEANS}"]),
        ("The publisher's index ranks Beta Land.", [f'opens with "The publisher\'s", {LEANS}']),
        ("However, Beta Land lags.", [f"opens with 'However', {LEANS}"]),
        ("\u201cThese firms\u201d came early.", [f"opens with 'These', {LEANS}"]),
        ("Sus costos son bajos.", [f"opens with 'Sus', {LEANS}"]),
        ("Por lo tanto, Beta Land crece.", [f"opens with 'Por lo tanto', {LEANS}"]),
        ("Alpha City ranks first (no year given).", [f"holds '(no year', {REMARK}"]),
        ("Alpha City leads (verify before presenting).", [f"holds '(verify', {REMARK}"]),
        (
            "Alpha City and three more it names.",
            [f"holds 'three more', {REMARK}", f"holds 'it names', {REMARK}"],
        ),
        (
            "Those towns (check the year) grow.",
            [f"opens with 'Those', {LEANS}", f"holds '(check', {REMARK}"],
        ),
    ],
)
def test_a_published_claim_must_stand_alone_on_a_slide(text, messages):
    data = factory.pack()
    data["claims"][2]["text"] = text
    pack, found = load.check_pack_text(factory.dump(data), "data/x.yaml")
    assert [str(p) for p in found] == [f"data/x.yaml: claims[2].text: {m}" for m in messages]
    assert (pack is None) == bool(messages)


def test_a_draft_claim_that_leans_is_a_note_that_blocks_publishing_not_an_error():
    data = factory.pack(status="draft")
    data["claims"][2]["text"] = "Its universities are strong (no year given)."
    pack, found = load.check_pack_text(factory.dump(data), "data/x.yaml")
    assert found == []
    assert pack is not None
    notes = [(n.field, n.message, n.blocks) for n in review.blocks_publishing(pack)]
    cid = data["claims"][2]["id"]
    assert notes == [
        (f"claims[{cid}].text", f"opens with 'Its', {LEANS}", True),
        (f"claims[{cid}].text", f"holds '(no year', {REMARK}", True),
    ]
