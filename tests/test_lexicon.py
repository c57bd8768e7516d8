import pytest

from framing.errors import LexiconError
from framing.lexicon import (
    NEUTRAL,
    bundled_lexicons,
    load_lexicon,
    read_liwc_dic,
    read_mpqa_tff,
    read_wordlist,
    validate_lexicon,
)
from framing.match import LexiconMatcher

BAD = """\
name: bad
version: "1"
categories:
  hostile_label: Hostile.
entries:
  - term: regime
    category: hostile_label
    note: x
  - term: Regime
    category: hostile_label
    note: duplicate
  - term: "  "
    category: hostile_label
  - term: puppet
    category: nonsense
    note: bad category
  - term: pawn
    category: hostile_label
    colour: red
  - term: "*wild"
    category: hostile_label
"""


def test_validation_reports_every_problem_with_where(tmp_path):
    p = tmp_path / "bad.yaml"
    p.write_text(BAD, encoding="utf-8")
    problems = [str(x) for x in validate_lexicon(p)]
    assert len(problems) == 5
    assert any("entry 2 ('Regime'), field 'term': duplicate" in x for x in problems)
    assert any("entry 3, field 'term': empty or missing term" in x for x in problems)
    assert any("entry 4 ('puppet'), field 'category': unknown category 'nonsense'" in x for x in problems)
    assert any("entry 5 ('pawn'), field 'colour': unknown field" in x for x in problems)
    assert any("entry 6 ('*wild'), field 'term'" in x and "wildcard" in x for x in problems)
    assert all(x.startswith(str(p)) for x in problems)
    with pytest.raises(LexiconError, match="5 problem") as info:
        load_lexicon(p)
    assert len(info.value.problems) == 5


def test_invalid_yaml_names_the_line(tmp_path):
    p = tmp_path / "broken.yaml"
    p.write_text("name: x\nentries:\n  - term: [unclosed\n", encoding="utf-8")
    (problem,) = validate_lexicon(p)
    assert "invalid YAML at line" in str(problem)


def test_unknown_top_level_field(tmp_path):
    p = tmp_path / "x.yaml"
    p.write_text("name: x\nauthor: me\nentries:\n  - {term: a b, category: c, note: n}\n", encoding="utf-8")
    assert "field 'author': unknown field" in str(validate_lexicon(p)[0])


def test_csv_codebook(tmp_path):
    p = tmp_path / "mine.csv"
    p.write_text("term,category,note,variants,case_sensitive\nfoe,hostile,why,foes|enemy,false\nIDF,actor,n,,true\n",
                 encoding="utf-8")
    lex = load_lexicon(p)
    assert lex.name == "mine"
    assert lex.entry("enemy").term == "foe"
    assert lex.entry("IDF").case_sensitive is True
    p.write_text("term,category\nfoe,Bad Category\n", encoding="utf-8")
    assert "bad category 'Bad Category'" in str(validate_lexicon(p)[0])


def test_unknown_name_lists_bundled():
    with pytest.raises(LexiconError, match="bundled: "):
        load_lexicon("no-such-codebook")


def test_yaml_round_trip(tmp_path, mini_lexicon):
    out = tmp_path / "again.yaml"
    mini_lexicon.to_yaml(out)
    again = load_lexicon(out)
    assert again.entries == mini_lexicon.entries
    assert again.categories == mini_lexicon.categories


def test_combine_keeps_order_and_metadata(mini_lexicon):
    both = load_lexicon([mini_lexicon, "cues"])
    assert both.name == "mini+cues"
    assert both.entries[: len(mini_lexicon)] == mini_lexicon.entries


# --- the bundled codebooks -------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["conflict", "cues"])
def test_bundled_codebooks_are_valid_and_documented(name):
    assert name in bundled_lexicons()
    assert validate_lexicon(name) == []
    lex = load_lexicon(name)
    assert lex.version and lex.license and lex.authors and lex.description
    assert all(e.note.strip() for e in lex)
    assert set(e.category for e in lex) <= set(lex.categories)


def test_conflict_codebook_size_and_coverage():
    lex = load_lexicon("conflict")
    loaded = [e for e in lex if e.category != NEUTRAL]
    assert len(loaded) >= 200
    assert len({e.category for e in loaded}) >= 8
    # the referents used for naming choices have neutral labels too
    referents = {e.refers_to for e in lex if e.category == NEUTRAL}
    assert {"Israel", "the strikes"} <= referents
    m = LexiconMatcher(lex)
    for phrase in ["Israeli enemy", "Zionist entity", "Zionist regime", "occupation forces", "aggression",
                   "aerial assault", "massacre", "proxy militias", "Iran-backed", "Iranian-backed",
                   "Iranian-linked", "puppet", "neutralized", "collateral damage", "watchdog", "mouthpiece",
                   "reportedly", "allegedly", "so-called", "claimed"]:
        assert any(x.entry.loaded for x in m.find(f"They said {phrase} today.")), phrase


# --- importers ------------------------------------------------------------------------------------

def test_wordlist_importer(tmp_path):
    p = tmp_path / "My Hedges.txt"
    p.write_text("# comment\nreportedly\n\nalleg*  # trailing comment\n", encoding="utf-8")
    lex = read_wordlist(p)
    assert lex.name == "My Hedges"
    assert [(e.term, e.category, e.wildcard) for e in lex] == [
        ("reportedly", "my_hedges", False), ("alleg", "my_hedges", True)]
    text = "It was alleged, reportedly."
    assert [text[m.start:m.end] for m in LexiconMatcher(lex).find(text)] == ["alleged", "reportedly"]


def test_liwc_dic_importer_errors(tmp_path):
    p = tmp_path / "x.dic"
    p.write_text("no header\n", encoding="utf-8")
    with pytest.raises(LexiconError, match="not a LIWC .dic file"):
        read_liwc_dic(p)
    p.write_text("%\n1\tthreat\n%\nmenace\t1 7\n", encoding="utf-8")
    with pytest.raises(LexiconError, match="line 4: category number 7"):
        read_liwc_dic(p)


def test_liwc_dic_via_load_lexicon(tmp_path):
    p = tmp_path / "mini.dic"
    p.write_text("%\n1\tThreat Words\n2\tblame\n%\nmenac*\t1\nculprit\t1\t2\nkick ass\t2\n", encoding="utf-8")
    lex = load_lexicon(p)
    assert [(e.term, e.category) for e in lex] == [
        ("menac", "threat_words"), ("culprit", "threat_words"), ("culprit", "blame"), ("kick ass", "blame")]


def test_mpqa_importer_errors(tmp_path):
    p = tmp_path / "x.tff"
    p.write_text("type=strongsubj len=1 pos1=adj\n", encoding="utf-8")
    with pytest.raises(LexiconError, match="line 1: not an MPQA clue"):
        read_mpqa_tff(p)


def test_importers_on_shared_lexicons(shared_dir):
    root = shared_dir / "data" / "lexicons"
    hedges = read_wordlist(root / "bias_related" / "hedges_hyland2005.txt")
    assert len(hedges) > 50 and all(not e.term.startswith("#") for e in hedges)
    recasens = read_wordlist(root / "recasens2013" / "bias-lexicon_og.txt")
    assert len(recasens) > 600
    tff = next((root / "bias_related" / "subjectivity_clues_hltemnlp05").glob("*.tff"))
    mpqa = load_lexicon(tff)
    assert len(mpqa) > 6000
    assert {"strongsubj_negative", "weaksubj_positive"} <= set(mpqa.categories)
    m = LexiconMatcher(mpqa)
    assert m.find("an abandoned plan")  # matching works on the imported codebook
    for lex in (hedges, recasens):
        assert LexiconMatcher(lex).n_patterns >= len(lex)
