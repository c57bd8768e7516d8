"""Tests for framing.evaluate: brat reading and the attribution metric (texts written for these tests)."""

from __future__ import annotations

from pathlib import Path

import pytest

from framing.errors import FramingWarning, InputError
from framing.evaluate import (
    GoldAttribution,
    evaluate_attribution,
    load_brat,
    load_polnear,
    read_brat_attributions,
    score_attributions,
    span_tokens,
)

POLNEAR = Path(__file__).resolve().parents[2] / "shared" / "data" / "polnear"

TEXT = "Mayor Ruiz said the bridge will reopen in May, and the council agreed."


def _find(text: str, s: str, start: int = 0) -> tuple[int, int]:
    i = text.index(s, start)
    return i, i + len(s)


def _t(n: int, label: str, text: str, s: str, start: int = 0) -> str:
    a, b = _find(text, s, start)
    return f"T{n}\t{label} {a} {b}\t{s}\n"


def _ann(tmp_path: Path, body: str, name: str = "doc.ann") -> Path:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


# ----------------------------------------------------------------------------- reading


def test_read_basic_relation(tmp_path):
    body = (_t(1, "Source", TEXT, "Mayor Ruiz") + _t(2, "Cue", TEXT, "said")
            + _t(3, "Content", TEXT, "the bridge will reopen in May") + _t(4, "Attribution", TEXT, "said")
            + "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n")
    (gold,) = read_brat_attributions(_ann(tmp_path, body), TEXT)
    assert gold.text(TEXT, "source") == "Mayor Ruiz"
    assert gold.text(TEXT, "cue") == "said"
    assert gold.text(TEXT) == "the bridge will reopen in May"
    assert gold.ann_id == "E1"


def test_discontinuous_spans_and_numbered_roles(tmp_path):
    text = "The plan, Lee said, is dead. It was never funded, she added."
    a1 = _find(text, "The plan")
    a2 = _find(text, "is dead")
    b = _find(text, "It was never funded")
    body = (
        f"T1\tContent {a1[0]} {a1[1]};{a2[0]} {a2[1]}\tThe plan is dead\n"
        + _t(2, "Source", text, "Lee") + _t(3, "Cue", text, "said")
        + f"T4\tContent {b[0]} {b[1]}\tIt was never funded\n"
        + "E1\tAttribution:T3 Cue:T3 Source:T2 Content:T1 Content2:T4\n"
    )
    (gold,) = read_brat_attributions(_ann(tmp_path, body), text)
    assert gold.content == (a1, a2, b)
    assert gold.text(text, sep="|") == "The plan|is dead|It was never funded"


def test_missing_source_and_missing_content(tmp_path):
    body = (_t(1, "Cue", TEXT, "said") + _t(2, "Content", TEXT, "the bridge will reopen in May")
            + "E1\tAttribution-no-source:T1 Content:T2 Cue:T1\n"
            + _t(3, "Cue", TEXT, "agreed") + "E2\tAttribution:T3\n")
    first, second = read_brat_attributions(_ann(tmp_path, body), TEXT)
    assert first.source == () and first.content
    assert second.content == () and second.source == ()
    assert second.cue == (_find(TEXT, "agreed"),)  # falls back to the trigger
    s = score_attributions([], [first, second], text=TEXT)
    assert s["n_gold"] == 1 and s["n_gold_no_content"] == 1 and s["n_gold_no_source"] == 1


def test_span_text_over_several_lines(tmp_path):
    text = "Kim wrote:\n\nWe stay.\nWe build."
    a, b = _find(text, "We stay.\nWe build.")
    body = f"T1\tContent {a} {b}\tWe stay.\nWe build.\n" + _t(2, "Source", text, "Kim") + (
        "E1\tAttribution:T1 Content:T1 Source:T2\n\n")
    (gold,) = read_brat_attributions(_ann(tmp_path, body), text)
    assert gold.content == ((a, b),)


def test_text_mismatch_names_file_and_line(tmp_path):
    body = _t(1, "Source", TEXT, "Mayor Ruiz") + "T2\tCue 11 15\tsays\n"
    path = _ann(tmp_path, body, "mismatch.ann")
    with pytest.raises(InputError, match=r"mismatch\.ann, line 2: T2 says 'says'"):
        read_brat_attributions(path, TEXT)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("T1\tSource 0 500\tx\n", "line 1: T1 span 0-500 is outside the text"),
        ("T1\tSource zero 5\tMayor\n", "line 1: T1 has offsets"),
        ("E1\tAttribution:T9 Content:T7\n", "line 1: event E1 refers to T7"),
        ("just some words\n", "line 1: not a brat standoff line"),
    ],
)
def test_bad_lines(tmp_path, body, message):
    with pytest.raises(InputError, match=message):
        read_brat_attributions(_ann(tmp_path, body), TEXT)


def test_load_brat_pairs_files_and_picks_annotator(tmp_path):
    (tmp_path / "one.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "two.txt").write_text("Nothing quoted here.", encoding="utf-8")
    (tmp_path / "lonely.txt").write_text("No annotation file.", encoding="utf-8")
    src = _t(1, "Source", TEXT, "Mayor Ruiz") + _t(2, "Content", TEXT, "the bridge will reopen in May")
    _ann(tmp_path, src + "E1\tAttribution:T1 Content:T2 Source:T1\n", "one_aaaa.ann")
    _ann(tmp_path, src + "E1\tAttribution:T1 Content:T2\n", "one_bbbb.ann")
    _ann(tmp_path, "", "two.ann")
    with pytest.warns(FramingWarning, match="1 text file"):
        docs = load_brat(tmp_path)
    assert [(d, len(g)) for d, _, g in docs] == [("one", 1), ("two", 0)]
    assert docs[0][2][0].source  # first annotator in sorted order
    with pytest.warns(FramingWarning):
        docs = load_brat(tmp_path, annotator="bbbb")
    assert docs[0][2][0].source == ()


def test_load_polnear_missing_split(tmp_path):
    (tmp_path / "train").mkdir()
    with pytest.raises(InputError, match=r"no PolNeAR split 'dev'.*found: train"):
        load_polnear(tmp_path, "dev")


# ----------------------------------------------------------------------------- scoring

WORDS = " ".join(f"w{i}" for i in range(100))


def _upto(n: int) -> tuple[int, int]:
    """The span of the first n words of WORDS."""
    return 0, WORDS.index(f"w{n - 1}") + len(f"w{n - 1}")


@pytest.mark.parametrize(("n_gold", "matched"), [(49, False), (50, True)])
def test_jaccard_threshold_is_inclusive(n_gold, matched):
    gold = [GoldAttribution(content=(_upto(n_gold),))]
    pred = [{"start": 0, "end": len(WORDS)}]  # 100 words: Jaccard n_gold / 100
    s = score_attributions(pred, gold, text=WORDS)
    assert s["content_matched"] == int(matched)
    if matched:
        assert s["content_matches"] == [(0, 0, 0.5)]


def test_tokens_are_positions_not_strings():
    text = "no deal now. no deal now."
    first, second = (0, 11), (13, 24)
    assert span_tokens(text, [first]).isdisjoint(span_tokens(text, [second]))
    s = score_attributions([{"start": 13, "end": 24}], [GoldAttribution(content=(first,))], text=text)
    assert s["content_matched"] == 0


def test_discontinuous_gold_content_is_a_union():
    text = "The plan, Lee said, is dead."
    gold = [GoldAttribution(content=((0, 8), (20, 27)), source=((10, 13),))]
    pred = [{"start": 0, "end": 27, "speaker_start": 10, "speaker_end": 13}]  # 6 words, 4 of them gold
    s = score_attributions(pred, gold, text=text)
    assert s["content_matches"] == [(0, 0, 4 / 6)] and s["attribution_matched"] == 1
    pieces = [{"content_spans": [(0, 8), (20, 27)], "speaker_start": 10, "speaker_end": 13}]
    assert score_attributions(pieces, gold, text=text)["content_matches"] == [(0, 0, 1.0)]


def test_matching_is_one_to_one_best_first():
    gold = [GoldAttribution(content=(_upto(10),))]
    preds = [{"start": 0, "end": _upto(12)[1]}, {"start": 0, "end": _upto(10)[1]}]
    s = score_attributions(preds, gold, text=WORDS)
    assert s["content_matches"] == [(1, 0, 1.0)]
    assert (s["content_precision"], s["content_recall"]) == (0.5, 1.0)
    # and one prediction cannot match two gold attributions
    two = [GoldAttribution(content=(_upto(10),)), GoldAttribution(content=(_upto(12),))]
    s = score_attributions(preds[:1], two, text=WORDS)
    assert s["content_matches"] == [(0, 1, 1.0)] and s["content_recall"] == 0.5


@pytest.mark.parametrize(
    ("speaker", "ok"),
    [
        ((0, 10), True),  # the whole mention
        ((6, 10), True),  # part of it
        ((4, 20), True),  # more than it
        ((10, 15), False),  # touching its end is no overlap
        ((47, 50), False),  # elsewhere
        ((None, None), False),  # no speaker for a sourced attribution
    ],
)
def test_speaker_must_overlap_a_source_span(speaker, ok):
    gold = [GoldAttribution(content=(_find(TEXT, "the bridge will reopen in May"),), source=((0, 10),))]
    start, end = _find(TEXT, "the bridge will reopen in May")
    pred = [{"start": start, "end": end, "speaker_start": speaker[0], "speaker_end": speaker[1]}]
    s = score_attributions(pred, gold, text=TEXT)
    assert s["content_matched"] == 1
    assert s["attribution_matched"] == int(ok)


def test_unsourced_gold_and_speakerless_prediction():
    content = _find(TEXT, "the bridge will reopen in May")
    gold = [GoldAttribution(content=(content,))]

    class Pred:  # predictions may be objects as well as dicts
        start, end, speaker_start, speaker_end = content[0], content[1], None, None

    assert score_attributions([Pred()], gold, text=TEXT, match_unsourced=True)["attribution_matched"] == 1
    strict = score_attributions([Pred()], gold, text=TEXT)
    assert strict["attribution_matched"] == 0 and strict["content_matched"] == 1


def test_prediction_without_span_is_an_error():
    with pytest.raises(InputError, match=r"prediction 0 .* needs 'start' and 'end'"):
        score_attributions([{"speaker_start": 0}], [], text=TEXT)


def test_evaluate_micro_averages_over_documents():
    content = _find(TEXT, "the bridge will reopen in May")
    gold = GoldAttribution(content=(content,), source=((0, 10),))
    docs = [("a", TEXT, [gold]), ("b", TEXT, [gold, gold]), ("c", TEXT, [])]
    good = {"start": content[0], "end": content[1], "speaker_start": 6, "speaker_end": 10, "mode": "indirect"}
    preds = {"a": [good], "b": [dict(good, speaker_start=None)], "c": [dict(good, mode="direct")]}
    res = evaluate_attribution(preds, docs)
    assert (res["n_docs"], res["n_pred"], res["n_gold"]) == (3, 3, 3)
    assert (res["content_matched"], res["attribution_matched"]) == (2, 1)
    assert res["content_precision"] == pytest.approx(2 / 3)
    assert res["attribution_f1"] == pytest.approx(1 / 3)
    assert res["per_document"]["content_matched"].tolist() == [1, 1, 0]
    by_mode = res["predictions"].groupby("mode")["content_match"].mean().to_dict()
    assert by_mode == {"direct": 0.0, "indirect": 1.0}
    assert res["gold"]["content_match"].tolist() == [True, True, False]
    same = evaluate_attribution(lambda doc_id, text: preds[doc_id], docs)
    assert same["content_f1"] == res["content_f1"]


# ----------------------------------------------------------------------------- PolNeAR


@pytest.mark.slow
def test_polnear_dev_gold_scores_perfectly_against_itself():
    if not POLNEAR.is_dir():
        pytest.skip(f"PolNeAR is not present at {POLNEAR} (evaluation data outside the project)")
    docs = load_polnear(POLNEAR, "dev")
    stems = {p.stem for p in (POLNEAR / "dev" / "text").glob("*.txt")}
    annotated = {p.stem.rsplit("_", 1)[0] for p in (POLNEAR / "dev" / "attributions").glob("*.ann")}
    assert {doc_id for doc_id, _, _ in docs} == stems & annotated
    assert sum(1 for _, _, gold in docs if gold) == len(stems & annotated)
    assert sum(len(gold) for _, _, gold in docs) > 1000

    by_id = {doc_id: gold for doc_id, _, gold in docs}

    def from_gold(doc_id, text):
        return [
            {"content_spans": g.content, "start": g.content[0][0], "end": g.content[-1][1],
             "speaker_start": g.source[0][0] if g.source else None,
             "speaker_end": g.source[0][1] if g.source else None}
            for g in by_id[doc_id] if g.content
        ]

    res = evaluate_attribution(from_gold, docs, match_unsourced=True)
    for kind in ("content", "attribution"):
        for metric in ("precision", "recall", "f1"):
            assert res[f"{kind}_{metric}"] == 1.0, (kind, metric)
    assert res["n_gold"] == res["n_pred"] == res["content_matched"]


def test_merge_continuations_joins_the_speakers_last_quotation():
    from framing.attribution import attribute_speakers
    from framing.evaluate import merge_continuations
    from framing.types import Document

    text = '"That is the question," Clark said, noting he would back any candidate. "We have a deep bench here."'
    merged = merge_continuations(attribute_speakers(Document("t", text)))
    first, second = text.index('"That'), text.index('"We')
    assert [p["mode"] for p in merged] == ["direct_quote", "reported"]
    assert [s for s, _ in merged[0]["content_spans"]] == [first, second]
    # a sentence that goes on without a quotation mark joins the statement just before it
    text = "SOHR said that ten bases were hit. Additionally, six depots burned."
    assert [len(p["content_spans"]) for p in merge_continuations(attribute_speakers(Document("t", text)))] == [2]
