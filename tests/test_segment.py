import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from framing.segment import (
    _CANDIDATE,
    Segmenter,
    count_words,
    load_punkt_parameters,
    save_punkt_parameters,
    split_sentences,
    tokenize,
    train_punkt_parameters,
)


def texts(text):
    return [s.text for s in split_sentences(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("One. Two.", ["One.", "Two."]),
        ("At 1:10 a.m., the enemy came. It left.", ["At 1:10 a.m., the enemy came.", "It left."]),
        ("A U.S. official said so. Then he left.", ["A U.S. official said so.", "Then he left."]),
        ("It came from the U.K. The monitor said so.", ["It came from the U.K.", "The monitor said so."]),
        ("Lt. Col. Noa Dar and Gen. Amin met. Sen. Ray left.", ["Lt. Col. Noa Dar and Gen. Amin met.", "Sen. Ray left."]),
        ("Omar J. Haddad spoke.", ["Omar J. Haddad spoke."]),
        # quotes: the closing mark stays with its sentence
        ("“We won.” Then rain.", ["“We won.”", "Then rain."]),
        ('"We won." Then rain.', ['"We won."', "Then rain."]),
        ("“We won,” he said. “Go home.”", ["“We won,” he said.", "“Go home.”"]),
        ("“Are you sure?” she asked.", ["“Are you sure?” she asked."]),
        # a quote over several sentences keeps each sentence whole
        ("“We aren’t waiting. We’re active,” he said.", ["“We aren’t waiting.", "We’re active,” he said."]),
        ("«Nous partons.» Il part.", ["«Nous partons.»", "Il part."]),
        # paragraphs always end a sentence, even without punctuation
        ("Headline here\n\nBody text.", ["Headline here", "Body text."]),
        ("Wait... Then go.", ["Wait...", "Then go."]),
        ("He won 3.5 percent. Turnout was 61.2 percent.", ["He won 3.5 percent.", "Turnout was 61.2 percent."]),
        # unbalanced quotation marks never crash
        ("“Open quote. Never closed", ["“Open quote.", "Never closed"]),
        ("Closed only.” Next.", ["Closed only.”", "Next."]),
        ("", []),
        ("   \n\n  ", []),
    ],
)
def test_sentences(text, expected):
    assert texts(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Israel's strike", ["Israel", "'s", "strike"]),
        ("the regime’s army", ["the", "regime", "’s", "army"]),
        ("Iran-backed militias", ["Iran-backed", "militias"]),
        ("at 1:10 a.m.", ["at", "1:10", "a.m."]),
        ("the U.S. and U.K.", ["the", "U.S.", "and", "U.K."]),
        ("Gen. Amin", ["Gen.", "Amin"]),
        ("war—again", ["war", "—", "again"]),
        ("“Go,” he said", ["“", "Go", ",", "”", "he", "said"]),
        ("«Non»", ["«", "Non", "»"]),
        ("don't", ["don't"]),
        ("1,000 people", ["1,000", "people"]),
    ],
)
def test_tokens(text, expected):
    assert [t.text for t in tokenize(text)] == expected


def test_word_counts_ignore_punctuation_and_clitics():
    assert count_words("“Israel’s Iran-backed foes,” he said — at 1:10 a.m.") == 8
    assert split_sentences("Two words. And three more.")[1].n_words == 3


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aB.  \n“”\"'’?!«»—-:1AU.S,")), max_size=120))
def test_sentence_spans_are_ordered_slices(text):
    prev_end = 0
    for i, s in enumerate(split_sentences(text)):
        assert s.index == i
        assert prev_end <= s.start < s.end <= len(text)
        assert text[s.start:s.end] == s.text
        assert s.text == s.text.strip()
        prev_end = s.end


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_spans_on_arbitrary_unicode(text):
    sents = split_sentences(text)
    assert all(text[s.start:s.end] == s.text for s in sents)
    toks = tokenize(text)
    assert all(text[t.start:t.end] == t.text for t in toks)
    assert all(a.end <= b.start for a, b in itertools.pairwise(toks))
    # every non-space character belongs to a token
    assert sum(t.end - t.start for t in toks) == sum(not c.isspace() for c in text)


def test_bundled_parameters_are_plain_text_and_round_trip(tmp_path):
    params = load_punkt_parameters()
    assert {"u.s", "u.k", "a.m", "gen", "lt", "col", "sen"} <= params.abbrev_types
    out = tmp_path / "params.txt"
    save_punkt_parameters(params, out)
    again = load_punkt_parameters(out)
    assert again.abbrev_types == params.abbrev_types
    assert again.sent_starters == params.sent_starters


def test_trained_parameters_change_segmentation():
    text = "Cdt. Roe spoke. Then rain."
    assert texts(text) == ["Cdt.", "Roe spoke.", "Then rain."]  # unknown abbreviation
    corpus = ["Cdt. Roe spoke today. Cdt. Roe left. Then Cdt. Kay came. Cdt. Lee went."] * 20
    params = train_punkt_parameters(corpus)
    assert "cdt" in params.abbrev_types
    assert "u.s" in params.abbrev_types  # the bundled ones are kept
    assert [s.text for s in Segmenter(params).sentences(text)] == ["Cdt. Roe spoke.", "Then rain."]


@pytest.mark.parametrize(
    "text",
    [
        "Gen. Smith left.", "Sen. The vote.", "Mr. He left.", "Dr. Amin spoke.", "Rep. Ray said no.",
        "in the U.S. The vote.", "in the U.S. Army.", "J. Smith came.", "at 9 a.m. Officials met.",
        "at 9 a.m. The meeting.", "Lt. Col. Dar came.", "No. 10 Downing.", "he said no. The next.",
        "Jan. Tuesday came.", "etc. The end.", "N.Y.C. Police came.",
    ],
)
def test_fast_abbreviation_rule_agrees_with_punkt(text):
    """The shortcut for known abbreviations must decide exactly as Punkt does."""
    seg = Segmenter()
    fast = [s for s, _ in seg.boundaries(text)][1:]
    expected = []
    for m in _CANDIDATE.finditer(text):
        dot = m.start()
        word_start, _ = seg._word_before(text, dot)
        if seg._punkt_boundary(text, word_start, m.end()):
            expected.append(m.end())
    assert fast == expected


def test_boundaries_repeated_for_the_same_text_are_equal_and_independent():
    from framing.segment import Segmenter

    seg = Segmenter()
    text = "First one. Second one.\n\nThird."
    first = seg.boundaries(text)
    first.append((0, 1))  # the caller owns the list it gets
    assert seg.boundaries(text) == [(0, 10), (11, 22), (24, 30)]
    assert seg.boundaries("Other text. Here.") == [(0, 11), (12, 17)]
