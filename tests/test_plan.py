import re
import urllib.parse

import pytest
from hypothesis import given
from hypothesis import strategies as st

from insights.content.text import find_hidden_character, find_unstorable_character
from insights.errors import PackError
from insights.pitch import plan
from insights.pitch.plan import Pair, Pitch

VOCAB = plan.PitchVocabulary(
    claims=frozenset({"a", "b", "c", "ch", "re"}),
    pairs=frozenset({Pair("ch", "re")}),
    challenges=frozenset({"ch"}),
    remedies=frozenset({"re"}),
)


def test_vocabulary_comes_from_claims_and_responses(catalog):
    vocab = plan.make_vocabulary(catalog.claims, catalog.responses)
    assert vocab.claims == {f"test-c{n}" for n in range(1, 7)}
    assert vocab.pairs == {Pair("test-c3", "test-c4")}


@pytest.mark.parametrize(
    ("params", "items", "notices"),
    [
        ({}, (), ()),
        ({"pitch": [""]}, (), ()),
        ({"pitch": ["b,a"]}, ("b", "a"), ()),
        ({"pitch": ["a, ch>re ,c"]}, ("a", Pair("ch", "re"), "c"), ()),
        ({"pitch": ["a,a,b"]}, ("a", "b"), ()),
        ({"pitch": ["a", "b"]}, ("a", "b"), ()),
        ({"pitch": ["a,,b,"]}, ("a", "b"), ("The link's pitch had 2 empty entries; left out.",)),
        ({"pitch": ["ch>"]}, (), ("The link's pitch had 1 empty entry; left out.",)),
        (
            {"pitch": ["a,zz,<script"]},
            ("a",),
            ("The link's pitch named 2 claims this content does not have; left out.",),
        ),
        (
            {"pitch": ["re>ch,a>b"]},
            (),
            ("The link's pitch paired 2 objections with an answer no source offers; left out.",),
        ),
        (
            {"pitch": ["x" * (plan.MAX_PITCH_PARAM_CHARS + 1)]},
            (),
            ("The link's pitch was too long to read; it was ignored.",),
        ),
    ],
)
def test_parse_params_keeps_known_items_in_order(params, items, notices):
    parsed = plan.parse_params(params, VOCAB)
    assert parsed.pitch.items == items
    assert parsed.notices == notices


def test_parse_params_caps_the_number_of_items():
    vocab = plan.PitchVocabulary(frozenset(f"c{n}" for n in range(50)), frozenset())
    parsed = plan.parse_params({"pitch": [",".join(f"c{n}" for n in range(50))]}, vocab)
    assert len(parsed.pitch.items) == plan.MAX_ITEMS
    assert parsed.pitch.items[-1] == f"c{plan.MAX_ITEMS - 1}"
    assert parsed.notices == ("The link's pitch had more than 40 points; the rest were left out.",)


@pytest.mark.parametrize(
    ("params", "title", "prospect", "notices"),
    [
        ({"title": [" Mexico for Acme "], "prospect": ["Acme"]}, "Mexico for Acme", "Acme", ()),
        ({"title": ["old", "new"]}, "new", "", ()),
        (
            {"title": ["t" * 121]},
            "",
            "",
            (
                "The link's pitch title was not usable (at most 120 plain characters); "
                "it was ignored.",
            ),
        ),
        (
            {"prospect": ["Acme\u202eemcA"]},
            "",
            "",
            (
                "The link's pitch prospect name was not usable (at most 80 plain characters); "
                "it was ignored.",
            ),
        ),
    ],
)
def test_parse_params_reads_title_and_prospect(params, title, prospect, notices):
    parsed = plan.parse_params(params, VOCAB)
    assert (parsed.pitch.title, parsed.pitch.prospect, parsed.notices) == (
        title,
        prospect,
        notices,
    )


def test_notices_never_echo_the_link():
    hostile = "<img src=x onerror=alert(1)>"
    parsed = plan.parse_params(
        {"pitch": [f"a,{hostile},{hostile}>re"], "title": [hostile + "\x00"]}, VOCAB
    )
    assert parsed.pitch == Pitch(items=("a",))
    assert len(parsed.notices) == 3
    assert all("onerror" not in n and "img" not in n for n in parsed.notices)


@pytest.mark.parametrize(
    "value",
    [
        Pitch(),
        Pitch("Title, with comma & more", "Acme > Co", ("a", Pair("ch", "re"), "b")),
        Pitch(items=(Pair("ch", "re"),)),
    ],
)
def test_params_round_trip(value):
    params = plan.to_params(value)
    assert plan.parse_params(params, VOCAB) == plan.ParsedPitch(value, ())


def test_to_params_leaves_out_empty_parts():
    assert plan.to_params(Pitch(items=("a", Pair("ch", "re")))) == {"pitch": ["a,ch>re"]}
    assert plan.to_params(Pitch(title="T")) == {"title": ["T"]}


@pytest.mark.parametrize(
    ("start", "added", "items"),
    [
        ((), ["a", "b"], ("a", "b")),
        (("a",), ["b", "a", "b"], ("a", "b")),
        (("a",), [Pair("ch", "re")], ("a", Pair("ch", "re"))),
    ],
)
def test_add_items_appends_new_items_once(start, added, items):
    before = Pitch(items=start)
    assert plan.add_items(before, added).items == items
    assert before.items == start


def test_add_items_stops_at_the_cap():
    full = Pitch(items=tuple(f"c{n}" for n in range(plan.MAX_ITEMS)))
    assert plan.add_items(full, ["extra"]) == full


@pytest.mark.parametrize(
    ("item", "offset", "items"),
    [
        ("b", -1, ("b", "a", "c")),
        ("b", 1, ("a", "c", "b")),
        ("a", -1, ("a", "b", "c")),
        ("c", 1, ("a", "b", "c")),
        ("a", 5, ("b", "c", "a")),
        ("zz", 1, ("a", "b", "c")),
    ],
)
def test_move_item_stays_within_bounds(item, offset, items):
    assert plan.move_item(Pitch(items=("a", "b", "c")), item, offset).items == items


def test_remove_item():
    start = Pitch("T", "P", ("a", Pair("ch", "re"), "b"))
    assert plan.remove_item(start, Pair("ch", "re")) == Pitch("T", "P", ("a", "b"))
    assert plan.remove_item(start, "zz") == start


def test_rename_trims_to_bounds():
    renamed = plan.rename(Pitch(items=("a",)), "  " + "t" * 200, " Acme ")
    assert renamed == Pitch("t" * plan.MAX_TITLE_CHARS, "Acme", ("a",))


@pytest.mark.parametrize(
    ("items", "ids", "filled"),
    [
        ((), ["b", "a", "b"], ("b", "a")),
        (("c",), ["a", "b"], ("c",)),
        ((), [f"c{i}" for i in range(100)], tuple(f"c{i}" for i in range(plan.MAX_ITEMS))),
        ((), ["a", "a", *(f"c{i}" for i in range(100))], ("a", *(f"c{i}" for i in range(39)))),
    ],
)
def test_fill_from_selection_only_when_empty(items, ids, filled):
    assert plan.fill_from_selection(Pitch("T", "", items), ids) == Pitch("T", "", filled)


@pytest.mark.parametrize(
    ("used", "in_view", "sentence"),
    [
        (3, 3, "With no pitch built, these use the 3 claims in view."),
        (40, 12000, "With no pitch built, these use the first 40 of the 12,000 claims in view."),
    ],
)
def test_describe_fallback_says_when_the_view_was_cut(used, in_view, sentence):
    assert plan.describe_fallback(used, in_view) == sentence


def test_prune_drops_what_new_content_lacks():
    pruned = plan.prune_pitch(Pitch(items=("a", "gone", Pair("ch", "re"))), VOCAB)
    assert pruned.pitch.items == ("a", Pair("ch", "re"))
    assert pruned.notices == ("The pitch named 1 claim this content does not have; left out.",)


def test_claim_ids_lists_both_sides_of_a_pair_once():
    assert plan.claim_ids(["a", Pair("ch", "re"), "ch"]) == ("a", "ch", "re")


@pytest.mark.parametrize(
    ("value", "view", "link"),
    [
        (Pitch(), {}, "http://h/pitch"),
        (
            Pitch("A & B", "", ("a", Pair("ch", "re"))),
            {"place": ["x", "y"]},
            "http://h/pitch?place=x&place=y&pitch=a%2Cch%3Ere&title=A+%26+B",
        ),
    ],
)
def test_share_link_carries_the_pitch_and_the_view(value, view, link):
    assert plan.make_share_link("http://h/pitch", value, view) == link


# Property tests: any link, however hostile, reads as a pitch of known items within bounds
# with notices from a fixed set of sentences; a pitch's own link reads back as that pitch.
_NOTICE_FORMS = re.compile(
    r"The link's pitch (was too long to read; it was ignored\.|title was not usable .*|"
    r"prospect name was not usable .*|had \d+ empty entr(y|ies); left out\.|"
    r"named \d+ claims? this content does not have; left out\.|"
    r"paired \d+ objections? with an answer no source offers; left out\.|"
    r"had \d+ answers? in our words that (is|are) empty, too long or not plain text; left out\.|"
    r"had more than \d+ points; the rest were left out\.)"
)
_TOKENS = st.sampled_from(
    ["a", "b", "c", "ch", "re", "ch>re", "a>b", "", " ", ">", "<x>", "zz", "ch>*", "a>*"]
)
_PITCH_VALUES = st.lists(_TOKENS, max_size=50).map(",".join) | st.text(max_size=200)
_LINKS = st.fixed_dictionaries(
    {},
    optional={
        "pitch": st.lists(_PITCH_VALUES, max_size=3),
        "title": st.lists(st.text(max_size=130), max_size=2),
        "prospect": st.lists(st.text(max_size=90), max_size=2),
        "answer": st.lists(st.text(max_size=60).map(lambda t: f"ch:{t}"), max_size=2),
    },
)


@given(_LINKS)
def test_any_link_reads_as_a_bounded_pitch_of_known_items(params):
    parsed = plan.parse_params(params, VOCAB)
    items = parsed.pitch.items
    assert all(plan.is_known(item, VOCAB) for item in items)
    assert len(items) == len(set(items)) <= plan.MAX_ITEMS
    assert len(parsed.pitch.title) <= plan.MAX_TITLE_CHARS
    assert len(parsed.pitch.prospect) <= plan.MAX_PROSPECT_CHARS
    for own in (i for i in items if isinstance(i, plan.OwnAnswer)):
        assert own.text
        assert find_hidden_character(own.text) is None
        assert "://" not in own.text
    for name in (parsed.pitch.title, parsed.pitch.prospect):
        assert find_hidden_character(name) is None
        assert find_unstorable_character(name) is None
    for notice in parsed.notices:
        assert _NOTICE_FORMS.fullmatch(notice), notice


_PLAIN = st.text(
    alphabet=st.characters(exclude_categories=("Cc", "Cf", "Co", "Cs", "Cn", "Zl", "Zp")),
    max_size=plan.MAX_PROSPECT_CHARS,
).map(str.strip)
_KNOWN_ITEMS = st.lists(st.sampled_from(["a", "b", "c", Pair("ch", "re")]), unique=True)


@given(_PLAIN, _PLAIN, _KNOWN_ITEMS)
def test_a_pitch_reads_back_from_its_own_link(title, prospect, items):
    made = Pitch(title=title, prospect=prospect, items=tuple(items))
    query = urllib.parse.urlencode(plan.to_params(made), doseq=True)
    parsed = plan.parse_params(urllib.parse.parse_qs(query), VOCAB)
    assert parsed == plan.ParsedPitch(made, ())


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("x" * 10_000, "at most 300 characters (this has 10,000); nothing was cut"),
        ("Fuel\x07 on site", "holds U+0007: use plain, visible characters only"),
        ("Fuel\non site", "holds U+000A: use plain, visible characters only"),
        (
            "\u200fFuel on site",
            "holds U+200F (RIGHT-TO-LEFT MARK): use plain, visible characters only",
        ),
        (
            "\u202eetis no leuF",
            "holds U+202E (RIGHT-TO-LEFT OVERRIDE): use plain, visible characters only",
        ),
        (
            "See https://evil.example",
            "must not hold a link (https://, www., mailto:); write it out",
        ),
        ("See WWW.evil.example", "must not hold a link (https://, www., mailto:); write it out"),
        ("mailto:a@b.example", "must not hold a link (https://, www., mailto:); write it out"),
        ("   ", "write an answer first"),
    ],
)
def test_our_answer_is_refused_with_the_field_named(text, message):
    with pytest.raises(PackError) as caught:
        plan.make_own_answer("ch", text)
    assert (caught.value.file, caught.value.field, caught.value.message) == (
        "pitch",
        "our answer to ch",
        message,
    )


@pytest.mark.parametrize(
    ("key", "text", "field"),
    [
        (plan.COVER_KEY, "y" * 1001, "our note on the cover"),
        ("a", "Call \x1b[31m", "our note on a"),
        ("ch>*", "http://x", "our note on ch>*"),
    ],
)
def test_a_bad_note_names_its_field_and_leaves_the_pitch_as_it_was(key, text, field):
    pitch = Pitch(items=("a",), notes=(("a", "kept"),))
    with pytest.raises(PackError) as caught:
        plan.set_note(pitch, key, text)
    assert caught.value.field == field
    assert plan.note_of(pitch, "a") == "kept"


def test_markup_and_lines_are_kept_as_typed_in_a_note():
    pitch = plan.set_note(Pitch(items=("a",)), "a", "  <b>Ask</b> *first*\n# then [x](y)  ")
    assert plan.note_of(pitch, "a") == "<b>Ask</b> *first*\n# then [x](y)"
    assert plan.note_of(plan.set_note(pitch, "a", ""), "a") == ""


def test_a_link_carries_our_answers_and_the_saved_id_but_never_a_note():
    pitch = Pitch(
        items=("a", plan.OwnAnswer("ch", "Our own: 24/7, a:b")),
        notes=(("a", "SECRET NOTE"), (plan.COVER_KEY, "COVER SECRET")),
        saved=42,
    )
    params = plan.to_params(pitch)
    assert params == {
        "pitch": ["a,ch>*"],
        "answer": ["ch:Our own: 24/7, a:b"],
        "saved": ["42"],
    }
    assert "SECRET" not in urllib.parse.urlencode(params, doseq=True)
    back = plan.parse_params(params, VOCAB)
    assert back.pitch == Pitch(items=pitch.items, saved=42)
    assert back.notices == ()


@pytest.mark.parametrize(("pair", "source"), [(Pair("ch", "re"), True)])
def test_any_challenge_may_take_a_sources_remedy_as_our_pairing(pair, source):
    vocab = plan.PitchVocabulary(
        claims=frozenset({"ch", "ch2", "re"}),
        pairs=frozenset({Pair("ch", "re")}),
        challenges=frozenset({"ch", "ch2"}),
        remedies=frozenset({"re"}),
    )
    assert plan.is_source_pairing(pair, vocab) is source
    assert plan.is_known(Pair("ch2", "re"), vocab)
    assert not plan.is_source_pairing(Pair("ch2", "re"), vocab)
    assert not plan.is_known(Pair("re", "ch"), vocab)
    assert plan.is_known(plan.OwnAnswer("ch2", "x"), vocab)
    assert not plan.is_known(plan.OwnAnswer("re", "x"), vocab)


@pytest.mark.parametrize(
    ("pitch", "params"),
    [
        (Pitch("T", "Acme", ("a", "b")), {"pitch": ["a,b"]}),
        (Pitch("T", "Acme", ("a",), saved=7), {"pitch": ["a"], "saved": ["7"]}),
        (Pitch("T", "Acme", ()), {}),
    ],
)
def test_a_request_links_origin_is_the_items_and_saved_id_never_title_or_prospect(pitch, params):
    assert plan.origin_params(pitch) == params
