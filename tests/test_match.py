import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from framing.lexicon import Lexicon, LexiconEntry
from framing.match import LexiconMatcher, _compact, _inflections, _to_original, find_hits, hits_frame
from framing.types import Document


def found(matcher, text):
    return [(text[m.start:m.end], m.entry.term) for m in matcher.find(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # case-insensitive by default
        ("THE ISRAELI ENEMY struck.", [("ISRAELI ENEMY", "Israeli enemy")]),
        # multi-word entries across line breaks and repeated spaces
        ("the Israeli\nenemy", [("Israeli\nenemy", "Israeli enemy")]),
        ("the Israeli   enemy", [("Israeli   enemy", "Israeli enemy")]),
        ("the Israeli \r\n  enemy", [("Israeli \r\n  enemy", "Israeli enemy")]),
        # ... but not across a paragraph break
        ("the Israeli\n\nenemy", []),
        # hyphen as space, non-breaking hyphen, hyphen character
        ("Iran backed groups", [("Iran backed", "Iran-backed")]),
        ("Iran\u2011backed groups", [("Iran\u2011backed", "Iran-backed")]),
        ("Iran\u2010backed groups", [("Iran\u2010backed", "Iran-backed")]),
        ("so called truce", [("so called", "so-called")]),
        # inflections
        ("two aggressions", [("aggressions", "aggression")]),
        ("the militias", [("militias", "militia")]),
        ("they were martyred", [("martyred", "martyr")]),
        ("martyrs and martyrdom", [("martyrs", "martyr")]),
        # possessives and curly apostrophes
        ("the militia's leader", [("militia", "militia")]),
        ("the militia’s leader", [("militia", "militia")]),
        ("the regime’s army", [("regime’s", "regime's")]),
        ("the regime's army", [("regime's", "regime's")]),
        # longest match wins
        ("an aerial assault", [("aerial assault", "aerial assault")]),
        ("an assault", [("assault", "assault")]),
        ("proxy militias", [("proxy militias", "proxy militia")]),
        # whole words only, no hits inside other words or compounds
        ("a non-aggression pact", []),
        ("aggressionist", []),
        ("the militiamen", []),
        ("paramilitia", []),
        # ... unless the entry says so
        ("anti-mullah protests", [("mullah", "mullah")]),
        # case-sensitive acronyms
        ("the IRGC said", [("IRGC", "IRGC")]),
        ("the irgc said", []),
        # punctuation next to the term
        ("“aggression,” he said", [("aggression", "aggression")]),
        ("(reportedly)", [("reportedly", "reportedly")]),
        # a valid shorter match survives when the longer one is inside a word
        ("aerial assaultx assault", [("assault", "assault")]),
        ("", []),
    ],
)
def test_matching_edge_cases(mini_matcher, text, expected):
    assert found(mini_matcher, text) == expected


def test_offsets_survive_length_changing_lowercase(mini_matcher):
    text = "İstanbul, then the Israeli  enemy and aggression."
    got = mini_matcher.find(text)
    assert [text[m.start:m.end] for m in got] == ["Israeli  enemy", "aggression"]


def test_neutral_entries_are_optional(mini_lexicon):
    text = "Israel and the Israeli enemy"
    assert [m.entry.term for m in LexiconMatcher(mini_lexicon).find(text)] == ["Israel", "Israeli enemy"]
    assert [m.entry.term for m in LexiconMatcher(mini_lexicon, neutral=False).find(text)] == ["Israeli enemy"]


def test_first_codebook_wins_across_codebooks():
    a = Lexicon("a", (LexiconEntry("regime", "x", lexicon="a"),))
    b = Lexicon("b", (LexiconEntry("regime", "y", lexicon="b"), LexiconEntry("junta", "y", lexicon="b")))
    m = LexiconMatcher(a.combine(b))
    assert [(x.entry.lexicon, x.entry.category) for x in m.find("regime and junta")] == [("a", "x"), ("b", "y")]


def test_one_form_in_several_categories_of_one_codebook_counts_in_each():
    lex = Lexicon("liwc", (LexiconEntry("culprit", "blame", lexicon="liwc"),
                           LexiconEntry("culprit", "threat", lexicon="liwc")))
    assert [m.entry.category for m in LexiconMatcher(lex).find("the culprit")] == ["blame", "threat"]


def test_wildcard_entries_match_word_prefixes():
    lex = Lexicon("w", (LexiconEntry("menac", "threat", wildcard=True, inflect=False, lexicon="w"),))
    text = "a menace, menacing menaces; no amenace"
    assert [text[m.start:m.end] for m in LexiconMatcher(lex).find(text)] == ["menace", "menacing", "menaces"]


@pytest.mark.parametrize(
    ("word", "forms"),
    [
        ("militia", {"militias"}),
        ("martyr", {"martyrs", "martyred", "martyring"}),
        ("massacre", {"massacres", "massacred", "massacring"}),
        ("bombard", {"bombards", "bombarded"}),
        ("ally", {"allies", "allied"}),
        ("militiaman", {"militiamen"}),
        ("crush", {"crushes", "crushed"}),
        ("stop", {"stopped", "stopping"}),
    ],
)
def test_inflections(word, forms):
    assert forms <= _inflections(word)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab \n\t\r\u00a0x")), max_size=60))
def test_compact_maps_every_kept_position_back(text):
    compact, starts, shifts = _compact(text)
    assert len(compact) <= len(text)
    # every non-space compact character maps to the same character in the original
    for p, c in enumerate(compact):
        if not c.isspace():
            assert text[_to_original(p, starts, shifts)] == c


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200), st.sampled_from(["aggression", "Israeli enemy", "IRGC", "militias"]))
def test_found_spans_slice_back_and_do_not_overlap(mini_matcher, noise, term):
    text = noise + " " + term + " " + noise
    ms = mini_matcher.find(text)
    last = 0
    for m in ms:
        assert 0 <= m.start < m.end <= len(text)
        assert m.start >= last
        last = m.end
    p = len(noise) + 1
    assert any(m.start <= p and m.end >= p + len(term) for m in ms)


def test_find_hits_and_frame(mini_lexicon):
    doc = Document("d1", "Calm day. The Israeli enemy struck.\n\nReportedly, militias fled.", outlet="Agency")
    hits = find_hits(doc, mini_lexicon)
    assert [(h.text, h.sentence, h.outlet) for h in hits] == [
        ("Israeli enemy", 1, "Agency"), ("Reportedly", 2, "Agency"), ("militias", 2, "Agency")]
    df = hits_frame(hits)
    for col in ["doc_id", "outlet", "sentence", "start", "end", "text", "term", "category", "refers_to",
                "speaker", "mode"]:
        assert col in df.columns
    assert all(doc.text[s:e] == t for s, e, t in zip(df.start, df.end, df.text))
    assert df["speaker"].isna().all()


def test_find_hits_leaves_out_neutral_labels_unless_asked(mini_lexicon):
    doc = Document("d", "Israel said so.")
    assert find_hits(doc, mini_lexicon) == []
    assert [h.category for h in find_hits(doc, mini_lexicon, neutral=True)] == ["neutral"]


def test_hits_pickle_field_for_field():
    # hits travel to and from worker processes; every field must survive, in its place
    import dataclasses
    import pickle

    from framing.types import Hit

    values = {f.name: f"v{i}" for i, f in enumerate(dataclasses.fields(Hit))}
    hit = Hit(**values)
    assert dataclasses.asdict(pickle.loads(pickle.dumps(hit))) == values
