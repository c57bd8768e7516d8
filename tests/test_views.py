import re
from html.parser import HTMLParser
from itertools import groupby

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from framing.attribution import Attribution, attribute_speakers, attributions_frame
from framing.datasets import load_sample
from framing.errors import FramingError
from framing.lexicon import Lexicon, LexiconEntry
from framing.match import find_hits, hits_frame
from framing.segment import split_sentences
from framing.types import Document, Hit
from framing.views import (
    EVIDENCE_COLUMNS,
    KWIC_COLUMNS,
    Concordance,
    Highlighted,
    category_colors,
    evidence,
    highlight,
    kwic,
    kwic_html,
)

EVIL = ['<script>alert(1)</script>', "<b>bold</b>", "Tom & Jerry", 'say "hi"', "it's", "&amp; <!-- x -->"]
VOID = {"meta", "br", "hr", "img", "input", "link"}


@pytest.fixture(scope="module")
def sample():
    return load_sample()


@pytest.fixture(scope="module")
def sample_hits(sample):
    return find_hits(sample)


def doc_by_id(docs, doc_id):
    return next(d for d in docs if d.doc_id == doc_id)


class Page(HTMLParser):
    """Reads a highlight view back: the article text, where marks and badges sit, and whether tags nest."""

    def __init__(self, source):
        super().__init__(convert_charrefs=True)
        self.stack = []  # (tag, classes, offset in the article text where it opened)
        self.errors = []
        self.start_tags = []
        self.text = []  # article text, badges left out
        self.pos = 0
        self.marks = []  # (start, end, title) in article offsets
        self.said = []  # (start, end, speaker)
        self.badges = []  # (offset, label)
        self.badge_text = None
        self.in_body = 0
        self.title_text = ""
        self.in_title = False
        self.feed(source)
        self.close()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.start_tags.append((tag, attrs))
        if tag in VOID:
            return
        classes = (attrs.get("class") or "").split()
        self.stack.append((tag, classes, self.pos, attrs))
        if "body" in classes and tag == "div":
            self.in_body += 1
        if "spk" in classes:
            self.badge_text = ""
        if tag == "h2":
            self.in_title = True

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1][0] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1][0] if self.stack else 'nothing'}")
            return
        _, classes, start, attrs = self.stack.pop()
        if "body" in classes and tag == "div":
            self.in_body -= 1
        if "spk" in classes:
            self.badges.append((self.pos, self.badge_text))
            self.badge_text = None
        elif tag == "mark" and "hit" in classes:
            self.marks.append((start, self.pos, attrs.get("title")))
        elif "said" in classes:
            self.said.append((start, self.pos, attrs.get("data-speaker")))
        if tag == "h2":
            self.in_title = False

    def handle_data(self, data):
        if self.in_title:
            self.title_text += data
        if self.badge_text is not None:
            self.badge_text += data
        elif self.in_body:
            self.text.append(data)
            self.pos += len(data)

    @property
    def article(self):
        return "".join(self.text)


def merged(spans):
    """Adjacent pieces of one span (split where spans cross) joined again."""
    out = []
    for s, e, label in sorted(spans, key=lambda t: (t[0], t[1])):
        if out and out[-1][1] == s and out[-1][2] == label:
            out[-1] = (out[-1][0], e, label)
        else:
            out.append((s, e, label))
    return out


def check_well_formed(source):
    page = Page(source)
    assert page.errors == []
    assert page.stack == []
    for tag in ("mark", "span", "p", "div"):
        assert source.count(f"<{tag} ") + source.count(f"<{tag}>") == source.count(f"</{tag}>"), tag
    return page


# --- highlight ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("doc_id", [d.doc_id for d in load_sample()])
def test_highlight_gives_back_the_text_with_marks_and_badges_in_place(sample, doc_id):
    doc = doc_by_id(sample, doc_id)
    view = highlight(doc)
    page = check_well_formed(view.html)
    assert page.article == doc.text
    hits = find_hits(doc)
    assert [(s, e) for s, e, _ in merged(page.marks)] == sorted({(h.start, h.end) for h in hits})
    attributions = attribute_speakers(doc)
    # long names are shortened on the badge (the tooltip has them whole)
    assert page.badges == [(a.start, a.speaker if len(a.speaker) <= 40 else a.speaker[:39] + "…")
                           for a in attributions]
    # speaker spans cover exactly the attributed text, leaving paragraph breaks out
    covered = {i for s, e, _ in page.said for i in range(s, e)}
    expected = {i for a in attributions for i in range(a.start, a.end) if not doc.text[i].isspace()}
    assert {i for i in covered if not doc.text[i].isspace()} == expected


def test_highlight_tooltip_and_outlet_voice():
    doc = Document("d", "“The Israeli enemy attacked,” SANA said. The so-called truce held.", outlet="Wire")
    page = Page(highlight(doc).html)
    titles = [t.split(" · score ")[0] for _, _, t in page.marks]  # the context score, when there is one
    assert titles == ["Israeli enemy · hostile_label · SANA (direct_quote)",
                      "so-called · hedge_doubt · outlet's own voice (narration)"]
    assert all(" · score 0." in t or " · score 1." in t for _, _, t in page.marks)
    # the outlet's own voice is not wrapped in a speaker span
    (start, end, speaker), = page.said
    assert speaker == "SANA" and doc.text[start:end] == "“The Israeli enemy attacked,”"


@pytest.mark.parametrize("evil", EVIL)
def test_highlight_escapes_text_title_speaker_and_terms(evil):
    text = f"Before {evil} after. The so-called truce held, and {evil} again."
    doc = Document("d<1>", text, outlet=f"Outlet {evil}", date=evil, title=f"Title {evil}", url=evil)
    i = text.index("so-called")
    hits = [Hit("d<1>", i, i + 9, "so-called", term=f"term {evil}", category=f"cat {evil}", refers_to=None,
                sentence=1, lexicon="x", outlet=doc.outlet, speaker=f"Spk {evil}", mode="reported")]
    attributions = [Attribution("d<1>", i - 4, len(text), text[i - 4:], f"Spk {evil}", None, None, None, None,
                                "reported")]
    source = highlight(doc, hits, attributions).html
    page = check_well_formed(source)
    assert page.article == text
    assert page.title_text == f"Title {evil}"
    assert page.badges == [(i - 4, f"Spk {evil}")]
    assert page.marks[0][2] == f"term {evil} · cat {evil} · Spk {evil} (reported)"
    assert {tag for tag, _ in page.start_tags} <= {"div", "h2", "span", "mark", "p", "a"}
    assert "<script" not in source and "<b>" not in source and "<!--" not in source


def test_highlight_escapes_terms_of_a_custom_lexicon():
    lex = Lexicon("evil", (LexiconEntry("Tom & Jerry", "cat_<b>", lexicon="evil"),
                           LexiconEntry("<script>alert(1)</script>", "x\"y", lexicon="evil")))
    text = "Yesterday Tom & Jerry ran. <script>alert(1)</script> was printed."
    doc = Document("d", text)
    view = highlight(doc, lexicon=lex)
    page = check_well_formed(view.html)
    assert page.article == text
    assert [text[s:e] for s, e, _ in page.marks] == ["Tom & Jerry", "<script>alert(1)</script>"]
    assert page.marks[0][2].startswith("Tom & Jerry · cat_<b> · ")
    assert "<script" not in view.html and "<b>" not in view.html
    assert not any(tag in ("script", "b") for tag, _ in page.start_tags)


@pytest.mark.parametrize(
    "text",
    [
        "  Leading space.\n\n\n  Three newlines, indented.  \n\n",
        "Windows\r\n\r\nline ends\r\nand a single break.",
        "One paragraph only",
        "\n\nStarts with a blank line.",
    ],
)
def test_highlight_keeps_every_character(text):
    page = check_well_formed(highlight(Document("d", text)).html)
    assert page.article == text


def test_overlapping_spans_nest_well():
    text = "Alpha beta gamma delta.\n\nEpsilon zeta eta theta."
    doc = Document("d", text, outlet="O")

    def hit(word, category="c1"):
        s = text.index(word)
        return Hit("d", s, s + len(word), word, word, category, None, 0, "x", "O")

    def said(s, e, who):
        return Attribution("d", s, e, text[s:e], who, None, None, None, None, "direct_quote")

    hits = [hit("Alpha beta"), hit("gamma delta"), hit("gamma delta", "c2"), hit("zeta eta")]
    attributions = [said(6, 16, "A"), said(17, 34, "B")]  # B runs into the next paragraph
    view = highlight(doc, hits, attributions)
    page = check_well_formed(view.html)
    assert page.article == text
    # "Alpha beta" crosses the start of A's span, "gamma delta" the end of A and the start of B,
    # "zeta eta" the end of B: each is drawn in pieces that join up exactly
    assert [(s, e) for s, e, _ in merged(page.marks)] == [(0, 10), (11, 22), (33, 41)]
    assert len(page.marks) == 7
    # a term with two categories is one mark with both in its tooltip
    two = [t for s, e, t in merged(page.marks) if (s, e) == (11, 22)]
    assert two == ["gamma delta · c1 · outlet's own voice\ngamma delta · c2 · outlet's own voice"]
    assert page.badges == [(6, "A"), (17, "B")]  # one badge per span, not per paragraph piece
    assert view.html.count('class="spk"') == 2


@settings(max_examples=60, deadline=None)
@given(
    text=st.text(alphabet="ab <>&\"'\n", min_size=1, max_size=60),
    cuts=st.lists(st.tuples(st.integers(0, 60), st.integers(1, 12), st.booleans()), max_size=8),
)
def test_any_spans_render_well_formed_and_lossless(text, cuts):
    hits, attributions = [], []
    for start, length, is_hit in cuts:
        s, e = min(start, len(text) - 1), min(start + length, len(text))
        if s >= e:
            continue
        if is_hit:
            hits.append(Hit("d", s, e, text[s:e], "t<", "c&", None, 0, "x"))
        else:
            attributions.append(Attribution("d", s, e, text[s:e], "S<p>", None, None, None, None, "reported"))
    page = check_well_formed(highlight(Document("d", text), hits, attributions).html)
    assert page.article == text


def test_highlight_accepts_frames_and_ignores_other_documents(sample, sample_hits):
    doc = sample[0]
    frame = hits_frame(sample_hits)  # every document's hits
    attributions = attributions_frame(attribute_speakers(doc))
    from_frames = highlight(doc, frame, attributions)
    assert from_frames.html == highlight(doc).html
    assert {h.doc_id for h in from_frames.hits} == {doc.doc_id}


def test_highlight_rejects_hits_from_another_text(sample):
    doc = sample[0]
    moved = Document(doc.doc_id, "x" + doc.text, outlet=doc.outlet)
    with pytest.raises(FramingError, match="does not match the text"):
        highlight(moved, find_hits(doc))
    with pytest.raises(FramingError, match="one Document"):
        highlight(sample)


def test_highlighted_repr_and_save(tmp_path, sample):
    doc = doc_by_id(sample, "meridian_2026-03-10_strikes")
    view = highlight(doc)
    assert isinstance(view, Highlighted)
    assert isinstance(view._repr_html_(), str) and view._repr_html_() == view.html
    assert doc.doc_id in repr(view)
    path = view.save(tmp_path / "page.html")
    page = path.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in page
    assert "<script" not in page.lower() and "@import" not in page and "url(" not in page
    assert doc.url.startswith("https://")
    assert not re.search(r"https?://", page.replace(doc.url, ""))
    check_well_formed(page)


def test_only_web_addresses_become_links():
    view = highlight(Document("d", "Text.", url="javascript:alert(1)"))
    assert "href" not in view.html and "javascript:alert(1)" in view.html


def test_category_colors_are_stable_distinct_and_readable():
    cats = [f"category_{i}" for i in range(14)]
    colors = category_colors(cats)
    assert len(set(colors.values())) == 14
    assert category_colors(reversed(cats)) == colors
    for background, text in colors.values():
        assert re.fullmatch(r"#[0-9A-F]{6}", background) and text in ("#000000", "#FFFFFF")
    assert category_colors(["hedge", "intensifier"])["hedge"] == category_colors(["hedge", "falsity_label"])["hedge"]


# --- kwic ---------------------------------------------------------------------------------------------


def fold(s):
    return re.sub(r"\s+", " ", s)


@pytest.mark.parametrize("width", [12, 30, 60])
def test_kwic_contexts_are_aligned_folded_and_cut_at_words(sample, sample_hits, width):
    conc = kwic(sample, hits=sample_hits, category="proxy_framing", width=width)
    assert list(conc.columns) == KWIC_COLUMNS and len(conc) > 10
    texts = {d.doc_id: d.text for d in sample}
    for row in conc.itertuples():
        text = texts[row.doc_id]
        assert len(row.left) <= width and len(row.right) <= width
        for context in (row.left, row.right):
            assert "\n" not in context and "  " not in context
        assert row.match == fold(text[row.start:row.end])
        left, right = row.left.removeprefix("…"), row.right.removesuffix("…")
        whole = fold(text)
        assert left + row.match + right in whole
        if row.left.startswith("…"):
            assert " " + left + row.match in whole  # the cut falls between words
        else:
            assert fold(text[:row.start]).lstrip() == left
        if row.right.endswith("…"):
            assert row.match + right.rstrip() + " " in whole or row.match + right + " " in whole
        else:
            assert fold(text[row.end:]).rstrip() == right


def test_kwic_term_matches_term_or_words(sample, sample_hits):
    by_term = kwic(sample, hits=sample_hits, term="militia")
    assert set(by_term["term"]) == {"militia"} and {"militia", "militias"} <= set(by_term["match"])
    by_words = kwic(sample, hits=sample_hits, term="MILITIAS")
    assert set(by_words["match"].str.lower()) == {"militias"}
    assert len(by_words) < len(by_term)
    spaced = kwic(sample, hits=sample_hits, term="so called")
    assert len(spaced) == len(kwic(sample, hits=sample_hits, term="so-called")) > 0


def test_kwic_category_and_both(sample, sample_hits):
    conc = kwic(sample, hits=sample_hits, category="hostile_label")
    assert set(conc["category"]) == {"hostile_label"}
    assert {"Israeli enemy", "Zionist entity"} <= set(conc["term"])
    both = kwic(sample, hits=sample_hits, term="Zionist entity", category="hostile_label")
    assert set(both["term"]) == {"Zionist entity"}
    assert kwic(sample, hits=sample_hits, term="Zionist entity", category="hedge_doubt").empty


@pytest.mark.parametrize("by", ["outlet", "speaker", "category", None])
def test_kwic_groups_then_document_order(sample, sample_hits, by):
    conc = kwic(sample, hits=sample_hits, category="proxy_framing", by=by)
    order = {d.doc_id: i for i, d in enumerate(sample)}
    position = [(order[d], s) for d, s in zip(conc["doc_id"], conc["start"])]
    if by is None:
        assert position == sorted(position)
        return
    keys = conc[by].tolist()
    seen = [k for k, _ in groupby(keys, key=lambda v: "\0" if pd.isna(v) else v)]
    assert len(seen) == len(set(seen))  # each group once
    present = [k for k in seen if k != "\0"]
    assert present == sorted(present)
    if by == "speaker" and conc[by].isna().any():
        assert pd.isna(keys[-1])  # the outlet's own voice comes last and stays empty
    for _, group in conc.groupby(conc[by].fillna("\0"), sort=False):
        pos = [(order[d], s) for d, s in zip(group["doc_id"], group["start"])]
        assert pos == sorted(pos)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({}, "needs term= or category="),
        ({"term": "miltia"}, "'militia'"),
        ({"category": "hostile"}, "'hostile_label'"),
        ({"category": "zzz"}, "categories: .*hostile_label"),
        ({"term": "militia", "by": "colour"}, "one of doc_id"),
        ({"term": "militia", "width": 1}, "at least 2"),
    ],
)
def test_kwic_errors(sample, sample_hits, kwargs, message):
    with pytest.raises(FramingError, match=message):
        kwic(sample, hits=sample_hits, **kwargs)


def test_kwic_known_term_without_uses_is_empty(sample):
    conc = kwic(sample, term="Zionist enemy")
    assert conc.empty and list(conc.columns) == KWIC_COLUMNS and isinstance(conc, Concordance)
    assert "no uses found" in conc._repr_html_()


def test_kwic_uses_given_hits_and_custom_lexicon(mini_lexicon):
    doc = Document("d", "The so-called truce, a so called truce.", outlet="O")
    hits = find_hits(doc, mini_lexicon)
    assert len(kwic(doc, term="so-called", hits=hits_frame(hits), lexicon=mini_lexicon)) == 2
    assert len(kwic([doc], category="hedge", lexicon=mini_lexicon)) == 2
    # hits in documents not given are left out
    assert kwic(Document("other", "x"), term="so-called", hits=hits, lexicon=mini_lexicon).empty


def test_concordance_renders_aligned_html(sample, sample_hits):
    conc = kwic(sample, hits=sample_hits, category="hostile_label")
    assert isinstance(conc.head(3), Concordance)
    source = conc._repr_html_()
    assert isinstance(source, str) and source == kwic_html(conc, max_rows=pd.get_option("display.max_rows"))
    page = Page(source)
    assert page.errors == []
    groups = [attrs for tag, attrs in page.start_tags if tag == "th" and attrs.get("colspan") == "5"]
    assert len(groups) == conc["outlet"].nunique()
    assert "text-align:right" in source and "font-weight:700" in source and "monospace" in source
    assert "(outlet)" in source  # the outlet's own voice, shown in HTML only
    assert conc["speaker"].isna().any()
    assert "more rows" in kwic_html(conc, max_rows=2)
    # without the context columns it is an ordinary table again
    assert "<table" in conc[["doc_id", "term"]]._repr_html_()


@pytest.mark.parametrize("evil", EVIL)
def test_kwic_html_escapes(evil):
    text = f"{evil} one so-called truce {evil}"
    doc = Document("d", text, outlet=evil)
    s = text.index("so-called")
    hits = [Hit("d", s, s + 9, "so-called", evil, "hedge", None, 0, "x", evil, speaker=evil, mode="reported")]
    source = kwic_html(kwic(doc, term=evil, hits=hits))
    page = Page(source)
    assert page.errors == []
    assert "<script" not in source and "<b>" not in source and "<!--" not in source


# --- evidence -----------------------------------------------------------------------------------------


def test_evidence_filters_and_sentences(sample, sample_hits):
    ev = evidence(hits_frame(sample_hits), sample, outlet="Meridian Wire", category="hostile_label")
    assert list(ev.columns) == EVIDENCE_COLUMNS
    assert ev[["text", "speaker"]].values.tolist() == [["Israeli enemy", "LNNA"], ["Zionist regime", "Majid Rahbari"]]
    texts = {d.doc_id: d.text for d in sample}
    for row in ev.itertuples():
        sentences = [s.text for s in split_sentences(texts[row.doc_id])]
        assert row.sentence_text in sentences and row.text in row.sentence_text
        assert sentences.index(row.sentence_text) == row.sentence
        assert texts[row.doc_id][row.start:row.end] == row.text


def test_evidence_speaker_none_is_the_outlets_own_voice(sample, sample_hits):
    frame = hits_frame(sample_hits)
    own = evidence(frame, sample, speaker=None)
    assert len(own) == frame["speaker"].isna().sum() > 0 and own["speaker"].isna().all()
    mixed = evidence(sample_hits, sample, speaker=[None, "LNNA"], category=["hostile_label", "proxy_framing"])
    assert set(mixed["speaker"].fillna("(outlet)")) == {"(outlet)", "LNNA"}
    assert set(mixed["category"]) == {"hostile_label", "proxy_framing"}
    assert len(evidence(sample_hits, sample)) == len(sample_hits)


def test_evidence_errors(sample, sample_hits):
    with pytest.raises(FramingError, match=r"no column 'colour'.*doc_id, outlet"):
        evidence(sample_hits, sample, colour="red")
    with pytest.raises(FramingError, match="not among the documents"):
        evidence(sample_hits, sample[:1])


def test_badge_shows_when_a_span_starts_in_a_paragraph_break():
    text = "First paragraph.\n\nSecond one."
    said = Attribution("d", 16, len(text), text[16:], "Who", None, None, None, None, "continuation")
    page = check_well_formed(highlight(Document("d", text), [], [said]).html)
    assert page.article == text
    assert page.badges == [(18, "Who")]
