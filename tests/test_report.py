import re
from html.parser import HTMLParser

import pytest

from framing.cli import main
from framing.datasets import load_sample, sample_sources
from framing.io import read_documents
from framing.report import build_report, source_terms, write_report
from framing.stats import analyze
from framing.types import Document


class _Collect(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.srcs, self.hrefs = [], [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        d = dict(attrs)
        if "src" in d:
            self.srcs.append(d["src"])
        if "href" in d:
            self.hrefs.append(d["href"])


@pytest.fixture(scope="module")
def sample_html():
    return build_report(load_sample(), registry=sample_sources(), title="Sample <report>")


def test_report_is_self_contained(sample_html):
    p = _Collect()
    p.feed(sample_html)
    assert "script" not in p.tags and "link" not in p.tags
    assert p.srcs and all(s.startswith("data:image/png;base64,") for s in p.srcs)
    # links only to the articles' own pages, never a resource the page loads
    assert all(h.startswith("https://example.org/") for h in p.hrefs)
    assert "<title>Sample &lt;report&gt;</title>" in sample_html


def test_report_sections_and_methods(sample_html):
    for heading in ("Overview", "Rates by outlet", "Distinctive terms", "Naming choices", "Articles", "Methods"):
        assert f">{heading}</h2>" in sample_html
    methods = re.search(r"<p class='methods'>(.*?)</p>", sample_html, re.S).group(1)
    assert "conflict+cues 1.0.0+1.0.0" in methods and "Monroe" in methods and "Wilson" in methods
    assert "12 articles" in methods


def test_article_text_is_escaped(tmp_path):
    doc = Document("x", "<script>alert(1)</script> The Israeli enemy <b>struck</b>.", outlet="<i>Evil</i>",
                   title="<img src=x onerror=alert(1)>")
    path = write_report([doc], tmp_path / "r.html")
    html = path.read_text(encoding="utf-8")
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img src=x" not in html and "<b>struck" not in html and "<i>Evil" not in html


def test_seed_report_shows_sources_apart(shared_dir, tmp_path):
    seed = read_documents(shared_dir / "seed" / "airstrikes_deir_ezzor.txt")
    terms = source_terms(analyze(seed)).set_index("source")
    assert {"Israeli enemy", "aggression", "aerial assault"} <= {
        t.split(" (")[0] for t in terms.loc["SANA", "terms"].split(", ")}
    assert "proxy militia" in terms.loc["SOHR", "terms"]
    assert terms.loc["SANA", "voice"] == "quoted" and terms.loc["(outlet)", "voice"] == "own"
    own = terms.loc["(outlet)", "terms"]
    assert "proxy militia" in own and "Iran-backed" in own and "Israeli enemy" not in own
    html = build_report(seed)
    assert ">SANA</td>" in html and ">SOHR</td>" in html and ">(outlet)</td>" in html


def test_small_corpus_without_naming_choices(tmp_path):
    """Neutral labels used, but no referent with several names: the report leaves that chart out."""
    docs = [Document("a", "Lena Ortiz said that the vote was rigged by the regime.", outlet="Wire"),
            Document("b", "The regime said that the vote was fair.", outlet="Post")]
    html = write_report(docs, tmp_path / "r.html").read_text(encoding="utf-8")
    assert "Naming choices" not in html and "overview charts" in html


def test_report_and_kwic_commands(tmp_path, capsys):
    out = tmp_path / "report.html"
    assert main(["report", "--sample", "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert main(["kwic", "--sample", "--category", "proxy_framing", "--format", "csv"]) == 0
    csv_out = capsys.readouterr().out
    assert csv_out.splitlines()[0].startswith("doc_id,") and "militia" in csv_out.lower()
    assert main(["kwic", "--sample", "--term", "no-such-term-at-all"]) == 2
    assert "framing: error:" in capsys.readouterr().err
