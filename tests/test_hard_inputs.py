"""Inputs students feed framing: each ends in a clear message or a documented result, never a traceback."""

import json
import warnings

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from framing.attribution import attribute_speakers, find_quotes
from framing.cli import main
from framing.errors import FramingWarning, InputError, LexiconError
from framing.io import read_documents
from framing.lexicon import Lexicon, LexiconEntry
from framing.match import LexiconMatcher, find_hits
from framing.types import Document


def test_html_page_gives_its_visible_text(tmp_path):
    p = tmp_path / "page.html"
    p.write_text("<html><head><title>Strikes &amp; toll</title><style>p{}</style><script>var x='aggression'"
                 "</script></head><body><h1>Headline</h1><p>The Israeli <b>enemy</b> struck.</p>"
                 "<p>Second&nbsp;paragraph.</p></body></html>", encoding="utf-8")
    (doc,) = read_documents(p)
    assert doc.title == "Strikes & toll"
    assert doc.text == "Headline\n\nThe Israeli enemy struck.\n\nSecond paragraph."
    assert [h.text for h in find_hits(doc, "conflict")] == ["Israeli enemy"]


def test_markdown_named_explicitly(tmp_path):
    p = tmp_path / "a.md"
    p.write_text("# Title\n\nThe so-called truce.", encoding="utf-8")
    assert read_documents(p)[0].text.startswith("# Title")


def test_jsonl_skip_bad_counts_and_names_lines(tmp_path, capsys):
    p = tmp_path / "c.jsonl"
    p.write_text("\n".join([json.dumps({"text": "One."}), "{broken", json.dumps({"body": "no text"}),
                            json.dumps({"text": "Two."})]), encoding="utf-8")
    with pytest.raises(InputError, match="line 2: broken JSON.*--skip-bad"):
        read_documents(p)
    with pytest.warns(FramingWarning, match=r"skipped 2 bad record\(s\): .*line 2: broken JSON.*line 3: no text"):
        docs = read_documents(p, skip_bad=True)
    assert [d.text for d in docs] == ["One.", "Two."]
    assert main(["tag", str(p), "--skip-bad", "--no-score"]) == 0
    assert "skipped 2 bad record" in capsys.readouterr().err


def test_a_very_long_single_line(tmp_path):
    line = ("The Israeli enemy struck a depot, SANA said " * 60_000).strip()  # about 2.6 MB, one line
    p = tmp_path / "long.txt"
    p.write_text(line, encoding="utf-8")
    (doc,) = read_documents(p)
    hits = find_hits(doc, "conflict", attribute=False, score=False)
    assert len(hits) == 60_000
    assert all(doc.text[h.start:h.end] == h.text for h in hits[:100])


def test_ten_thousand_quotation_marks():
    text = "“a” " * 5000 + "“unbalanced " + "”" * 3 + " SANA said."
    quotes = find_quotes(text)
    assert len(quotes) == 5001
    attribute_speakers(Document("q", text))  # finishes, no exception


def test_unbalanced_quotes_everywhere():
    for text in ["”” “", "“", "”", "\"", "“““ said SANA ”", "'' '' ``"]:
        for a in attribute_speakers(Document("q", text)):
            assert text[a.start:a.end] == a.text


def test_codebook_too_large_is_refused(monkeypatch):
    import framing.match as m

    monkeypatch.setattr(m, "MAX_PATTERNS", 400)
    lex = Lexicon("big", tuple(LexiconEntry(f"word{i}x", "c", lexicon="big") for i in range(500)))
    with pytest.raises(LexiconError, match="surface forms.*split the codebook"):
        LexiconMatcher(lex)


def test_unwritable_output_is_a_clear_error(tmp_path, capsys):
    src = tmp_path / "a.txt"
    src.write_text("The so-called truce.", encoding="utf-8")
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o500)
    try:
        code = main(["tag", str(src), "--out", str(ro / "hits.csv")])
    finally:
        ro.chmod(0o700)
    err = capsys.readouterr().err
    if code == 0:  # running as root: permissions do not apply
        pytest.skip("permissions are not enforced for this user")
    assert code == 2 and "cannot write" in err and "Traceback" not in err


def test_results_do_not_depend_on_jobs(capsys):
    assert main(["tag", "--sample", "--format", "csv", "-q"]) == 0
    one = capsys.readouterr().out
    assert main(["tag", "--sample", "--format", "csv", "-q", "--jobs", "2"]) == 0
    assert capsys.readouterr().out == one


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(max_size=300), min_size=1, max_size=4))
def test_whole_pipeline_on_arbitrary_text(texts):
    docs = [Document(f"d{i}", t, outlet="X") for i, t in enumerate(texts)]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        hits = find_hits(docs)
        again = find_hits(docs)
    assert hits == again
    for h in hits:
        text = docs[int(h.doc_id[1:])].text
        assert text[h.start:h.end] == h.text
        assert h.score is None or 0.0 <= h.score <= 1.0
