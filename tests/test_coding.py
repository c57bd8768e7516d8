import warnings

import numpy as np
import pandas as pd
import pytest

from framing.coding import (
    AGREEMENT_COLUMNS,
    CODED_COLUMNS,
    HIT_SHEET_COLUMNS,
    SENTENCE_SHEET_COLUMNS,
    agreement,
    coding_sheet,
    evaluate_against,
    read_coding_sheets,
    resolve_codes,
    retrain_context,
    write_coding_sheet,
)
from framing.context import ContextClassifier, load_context_model
from framing.datasets import load_sample, sample_sources
from framing.errors import FramingError, FramingWarning, InputError
from framing.match import find_hits, hits_frame
from framing.types import Document


@pytest.fixture(scope="module")
def sample():
    docs = load_sample()
    registry = sample_sources()
    return docs, registry, hits_frame(find_hits(docs, registry=registry))


@pytest.fixture(scope="module")
def sheet(sample):
    docs, registry, hits = sample
    return coding_sheet(docs, hits, n=30, seed=1, registry=registry)


def _coded(rows):
    """Codes from (id, coder, code) rows; None is a blank."""
    df = pd.DataFrame(rows, columns=CODED_COLUMNS).dropna(subset=["code"])
    df["code"] = df["code"].astype("int64")
    return df


# --- sheets ----------------------------------------------------------------------------------------------


def test_hit_sheet_columns_ids_and_empty_codes(sample, sheet):
    docs, _, hits = sample
    assert list(sheet.columns) == HIT_SHEET_COLUMNS
    assert len(sheet) == 30 and sheet["id"].is_unique
    texts = {d.doc_id: d.text for d in docs}
    for item, doc_id, match in zip(sheet["id"], sheet["doc_id"], sheet["match"]):
        head, span = item.rsplit(":", 1)
        start, end = map(int, span.split("-"))
        assert head == doc_id and " ".join(texts[doc_id][start:end].split()) == match
    assert (sheet["code"] == "").all() and (sheet["comment"] == "").all()
    assert sheet["score"].between(0, 1).all()
    # ids are the hits' offsets, so the whole sheet's ids are the hits' ids
    full = coding_sheet(docs, hits)
    assert list(full["id"]) == [f"{d}:{s}-{e}" for d, s, e in zip(hits["doc_id"], hits["start"], hits["end"])]


def test_sheet_ids_do_not_depend_on_the_sample_or_on_who_made_the_hits(sample, sheet):
    docs, registry, _ = sample
    again = coding_sheet(docs, n=30, seed=1, registry=registry)  # hits found again
    pd.testing.assert_frame_equal(again, sheet)


def test_sampling_is_reproducible_and_keeps_document_order(sample, sheet):
    docs, registry, hits = sample
    other = coding_sheet(docs, hits, n=30, seed=2, registry=registry)
    assert set(other["id"]) != set(sheet["id"])
    order = {(d, s): i for i, (d, s) in enumerate(zip(hits["doc_id"], hits["start"]))}
    positions = [order[(d, int(i.rsplit(":", 1)[1].split("-")[0]))] for d, i in zip(sheet["doc_id"], sheet["id"])]
    assert positions == sorted(positions)


def test_too_large_a_sample_gives_everything_with_a_warning():
    doc = Document("d", "The regime shelled the town.")
    with pytest.warns(FramingWarning, match="only 1 hits"):
        assert len(coding_sheet([doc], n=5)) == 1


def test_blind_sheet_and_own_model():
    doc = Document("d", "The regime shelled the town.")
    assert "score" not in coding_sheet([doc], show_score=False).columns
    X = pd.DataFrame({"text": ["the regime fell", "a diet regime"], "start": [4, 7], "end": [10, 13],
                      "term": ["regime"] * 2, "category": ["regime_naming"] * 2})
    mine = ContextClassifier().fit(X, [0, 1])  # deliberately backwards
    assert coding_sheet([doc], model=mine)["score"].iloc[0] < 0.5 < coding_sheet([doc])["score"].iloc[0]


def test_sentence_sheet(sample):
    docs, registry, _ = sample
    sents = coding_sheet(docs[:2], unit="sentences", registry=registry)
    assert list(sents.columns) == SENTENCE_SHEET_COLUMNS
    texts = {d.doc_id: d.text for d in docs}
    for item, text in zip(sents["id"], sents["text"]):
        doc_id, span = item.rsplit(":", 1)
        start, end = map(int, span.split("-"))
        assert " ".join(texts[doc_id][start:end].split()) == text
    assert sents["speaker"].notna().any() and (sents["code"] == "").all()
    assert coding_sheet(docs[:2], unit="sentences", n=3, seed=4)["id"].tolist() == \
        coding_sheet(docs[:2], unit="sentences", n=3, seed=4)["id"].tolist()


@pytest.mark.parametrize("kwargs, message", [
    ({"unit": "words"}, "use 'hits' or 'sentences'"),
    ({"n": 0}, "at least 1"),
    ({"context": 1}, "at least 2"),
    ({"unit": "sentences", "hits": []}, "leave out hits="),
    ({"model": "mine"}, "use 'bundled'"),
])
def test_sheet_arguments_are_checked(kwargs, message):
    with pytest.raises(InputError, match=message):
        coding_sheet([Document("d", "The regime shelled the town.")], **kwargs)


# --- writing and reading back ------------------------------------------------------------------------------


def test_bom_csv_round_trip(tmp_path, sheet):
    coded = sheet.copy()
    coded["code"] = ["1", "0", ""] * 10
    coded.loc[0, "comment"] = "“régime”, clearly; loaded"
    path = write_coding_sheet(coded, tmp_path / "anna.csv")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and raw[3:5] == b"id"
    back = pd.read_csv(path, encoding="utf-8-sig", keep_default_na=False, dtype=str)
    assert list(back.columns) == HIT_SHEET_COLUMNS and back.loc[0, "comment"] == "“régime”, clearly; loaded"
    codes = read_coding_sheets(path)
    assert list(codes.columns) == CODED_COLUMNS and codes["code"].dtype == "int64"
    expected = coded[coded["code"] != ""]
    assert codes["id"].tolist() == expected["id"].tolist()
    assert codes["code"].tolist() == expected["code"].astype(int).tolist()
    assert set(codes["coder"]) == {"anna"}


def test_semicolons_excel_numbers_and_sorted_rows_are_read(tmp_path):
    path = tmp_path / "ben.csv"
    # as a German Excel saves it: semicolons, Windows line ends, codes as 1,0, rows sorted, columns dropped
    path.write_bytes("\ufeffcode;id;comment\r\n1,0;d:9-15;\r\n0;d:0-3;\"a; b\"\r\n;d:20-25;unsure\r\n;;\r\n"
                     .encode("utf-8"))
    assert read_coding_sheets(path).values.tolist() == [["d:9-15", "ben", 1], ["d:0-3", "ben", 0]]
    assert read_coding_sheets([path], coder="B")["coder"].unique().tolist() == ["B"]


def test_folder_and_coder_names(tmp_path):
    for name, code in (("anna", "1"), ("ben", "0")):
        (tmp_path / f"{name}.csv").write_text(f"id,code\nd:0-3,{code}\n", encoding="utf-8")
    assert read_coding_sheets(tmp_path).values.tolist() == [["d:0-3", "anna", 1], ["d:0-3", "ben", 0]]
    with pytest.raises(InputError, match="2 coder names for 1 files"):
        read_coding_sheets(tmp_path / "anna.csv", coder=["x", "y"])


def test_bad_code_names_file_and_row(tmp_path):
    path = tmp_path / "anna.csv"
    path.write_text("id,code\nd:0-3,1\nd:4-9,yes\nd:10-12,0\nd:13-15,2\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_coding_sheets(path)
    message = str(err.value)
    assert str(path) in message and "'yes' in row 3" in message and "'2' in row 5" in message
    assert "1 (loaded), 0 (not loaded) or blank" in message


@pytest.mark.parametrize("header, missing", [("id,match", "'code'"), ("item;code", "'id'")])
def test_missing_column_is_a_clear_error(tmp_path, header, missing):
    path = tmp_path / "anna.csv"
    path.write_text(f"{header}\nd:0-3,x\n", encoding="utf-8")
    with pytest.raises(InputError, match=f"anna.csv: no {missing} column") as err:
        read_coding_sheets(path)
    assert "write_coding_sheet" in str(err.value)


@pytest.mark.parametrize("content, message", [
    (b"id,code\nd:0-3,1\nd:0-3,0\n", "rows 2 and 3: the id 'd:0-3' appears twice"),
    (b"id,code\n,1\n", "row 2: a code but no id"),
    (b"PK\x03\x04rest of a zip", "Excel workbook"),
    (b"", "empty file"),
])
def test_broken_sheets(tmp_path, content, message):
    path = tmp_path / "anna.csv"
    path.write_bytes(content)
    with pytest.raises(InputError, match=message):
        read_coding_sheets(path)


def test_same_coder_name_twice_is_caught(tmp_path):
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "sheet.csv").write_text("id,code\nd:0-3,1\n", encoding="utf-8")
    with pytest.raises(InputError, match="coder 'sheet' already coded 'd:0-3'"):
        read_coding_sheets([tmp_path / "a" / "sheet.csv", tmp_path / "b" / "sheet.csv"])
    both = read_coding_sheets([tmp_path / "a" / "sheet.csv", tmp_path / "b" / "sheet.csv"], coder=["a", "b"])
    assert both["coder"].tolist() == ["a", "b"]


def test_windows_1252_sheet_is_read_with_a_warning(tmp_path):
    path = tmp_path / "anna.csv"
    path.write_bytes("id;code;comment\nd:0-3;1;régime\n".encode("cp1252"))
    with pytest.warns(FramingWarning, match="Windows-1252"):
        assert read_coding_sheets(path)["code"].tolist() == [1]


# --- agreement --------------------------------------------------------------------------------------------

ANNA = [1, 1, 1, 1, 0, 0, 0, 1, 0]
BEN = [1, 1, 0, 1, 0, 0, 1, 1, None]  # ben left the last item blank


def test_kappa_and_alpha_match_hand_computation():
    ids = [f"d:{i}-{i + 1}" for i in range(len(ANNA))]
    coded = _coded([(i, "anna", a) for i, a in zip(ids, ANNA)] + [(i, "ben", b) for i, b in zip(ids, BEN)])
    result = agreement(coded)
    assert list(result.columns) == AGREEMENT_COLUMNS
    got = {(p, m): (v, n) for p, m, v, n in result.itertuples(index=False)}

    # by hand, on the 8 items both coded
    a, b = np.array(ANNA[:8]), np.array(BEN[:8], dtype=int)
    observed = (a == b).mean()  # 6 of 8
    expected = a.mean() * b.mean() + (1 - a.mean()) * (1 - b.mean())  # (5/8)^2 + (3/8)^2 = 34/64
    kappa = (observed - expected) / (1 - expected)
    assert kappa == pytest.approx(7 / 15)
    # Krippendorff: 16 values pooled, n1 ones and n0 zeros; each disagreeing item adds 2 off-diagonal coincidences
    values = np.concatenate([a, b])
    n, n1, n0 = len(values), values.sum(), len(values) - values.sum()
    d_observed = 2 * (a != b).sum() / n
    d_expected = 2 * n1 * n0 / (n * (n - 1))
    alpha = 1 - d_observed / d_expected
    assert alpha == pytest.approx(0.5)

    assert got[("anna vs ben", "cohen_kappa")] == (pytest.approx(kappa), 8)
    assert got[("anna vs ben", "krippendorff_alpha")] == (pytest.approx(alpha), 8)
    assert got[("anna vs ben", "percent_agreement")] == (pytest.approx(75.0), 8)
    assert got[("all coders", "krippendorff_alpha")] == (pytest.approx(alpha), 8)


def test_three_coders_and_undefined_values():
    coded = _coded([("x", "a", 1), ("x", "b", 1), ("x", "c", 0), ("y", "a", 0), ("y", "b", 0), ("y", "c", 0),
                    ("z", "a", 1), ("z", "c", 1)])
    result = agreement(coded).set_index(["pair", "measure"])
    assert list(dict.fromkeys(result.index.get_level_values("pair"))) == ["a vs b", "a vs c", "b vs c",
                                                                          "all coders"]
    assert result.loc[("all coders", "percent_agreement"), "value"] == pytest.approx(200 / 3)
    assert result.loc[("all coders", "percent_agreement"), "n"] == 3
    # everybody codes everything 1: they agree, but kappa and alpha are undefined (nothing beyond chance)
    same = agreement(_coded([("x", "a", 1), ("x", "b", 1), ("y", "a", 1), ("y", "b", 1)]))
    chance_corrected = same["measure"] != "percent_agreement"
    assert same.loc[chance_corrected, "value"].isna().all() and (same.loc[~chance_corrected, "value"] == 100).all()
    # no items in common
    apart = agreement(_coded([("x", "a", 1), ("y", "b", 0)]))
    assert apart["value"].isna().all() and (apart["n"] == 0).all()


def test_agreement_needs_two_coders_or_a_model():
    with pytest.raises(InputError, match="at least two coders"):
        agreement(_coded([("d:0-3", "anna", 1)]))
    with pytest.raises(InputError, match="needs documents="):
        agreement(_coded([("d:0-3", "anna", 1)]), model="bundled")
    with pytest.raises(InputError, match="no column"):
        agreement(pd.DataFrame({"id": ["x"], "code": [1]}))
    with pytest.raises(InputError, match="more than once"):
        agreement(_coded([("x", "a", 1), ("x", "a", 0), ("x", "b", 1)]))


def test_agreement_with_the_bundled_model(sample, sheet):
    docs, registry, hits = sample
    decision = (sheet["score"] >= 0.5).astype(int).to_numpy()
    flipped = decision.copy()
    flipped[:6] = 1 - flipped[:6]
    coded = _coded([*zip(sheet["id"], ["anna"] * 30, decision), *zip(sheet["id"], ["ben"] * 30, flipped)])
    result = agreement(coded, model="bundled", documents=docs, hits=hits).set_index(["pair", "measure"])
    assert result.loc[("anna vs model", "percent_agreement"), "value"] == 100
    assert result.loc[("anna vs model", "cohen_kappa"), "value"] == pytest.approx(1)
    assert result.loc[("ben vs model", "percent_agreement"), "value"] == pytest.approx(80)
    assert (result.loc["ben vs model", "n"] == 30).all()
    pd.testing.assert_series_equal(result.loc["ben vs model", "value"], result.loc["anna vs ben", "value"])
    alone = agreement(coded[coded["coder"] == "anna"], model="bundled", documents=docs, hits=hits)
    assert set(alone["pair"]) == {"anna vs model"}
    # the same hits found again with the same registry, and a fitted model instead of "bundled"
    again = agreement(coded, model=load_context_model(), documents=docs, registry=registry)
    pd.testing.assert_frame_equal(again.set_index(["pair", "measure"]), result)


def test_model_agreement_needs_the_right_documents(sample):
    docs, _, hits = sample
    coded = _coded([("elsewhere:0-5", "anna", 1)])
    with pytest.raises(InputError, match="documents not given: elsewhere"):
        agreement(coded, model="bundled", documents=docs)
    first = hits.iloc[0]
    wrong = _coded([(f"{first['doc_id']}:{first['start']}-{first['end'] + 1}", "anna", 1)])
    with pytest.raises(InputError, match="not codebook hits"):
        agreement(wrong, model="bundled", documents=docs, hits=hits)
    with pytest.raises(InputError, match="not hit ids"):
        agreement(_coded([("no offsets", "anna", 1)]), model="bundled", documents=docs)
    with pytest.raises(FramingError, match="not fitted"):
        agreement(_coded([("x", "anna", 1)]), model=ContextClassifier(), documents=docs)


# --- resolving and retraining --------------------------------------------------------------------------------


def test_majority_drops_ties_and_coder_resolution():
    coded = _coded([("a", "x", 1), ("a", "y", 1), ("a", "z", 0),  # majority 1
                    ("b", "x", 1), ("b", "y", 0), ("b", "z", None),  # tie: dropped
                    ("c", "x", 0), ("c", "y", 0), ("c", "z", 0),
                    ("d", "z", 1)])  # one coder is a majority of one
    with pytest.warns(FramingWarning, match="1 item"):
        resolved = resolve_codes(coded)
    assert resolved.values.tolist() == [["a", 1, 3], ["c", 0, 3], ["d", 1, 1]]
    assert resolve_codes(coded, resolve="coder:y").values.tolist() == [["a", 1, 1], ["b", 0, 1], ["c", 0, 1]]
    with pytest.raises(InputError, match="no coder 'w'; coders: x, y, z"):
        resolve_codes(coded, resolve="coder:w")
    with pytest.raises(InputError, match="'majority' or 'coder:NAME'"):
        resolve_codes(coded, resolve="unanimous")


TOY = [  # (text, term to code, code): written for this test
    ("The proxy server was down for hours, the IT department said.", "proxy", 0),
    ("Users must configure a proxy before logging in, the manual says.", "proxy", 0),
    ("The proxy vote at the shareholder meeting passed easily.", "proxy", 0),
    ("A proxy for inflation, the index rose two percent.", "proxy", 0),
    ("Iran's proxy militias attacked the base overnight.", "militias", 1),
    ("The regime shelled the town again.", "regime", 1),
    ("His diet regime includes daily runs and no sugar.", "regime", 0),
    ("The exercise regime at the gym is tough.", "regime", 0),
    ("The martyrs of the resistance were buried at dawn.", "the resistance", 1),
    ("The terrorists blew up the market.", "terrorists", 1),
    ("The so-called ceasefire collapsed within hours.", "so-called", 1),
]


@pytest.fixture(scope="module")
def toy():
    docs = [Document(f"t{i}", text) for i, (text, _, _) in enumerate(TOY)]
    rows = []
    for i, (text, word, code) in enumerate(TOY):
        start = text.index(word)
        rows.append((f"t{i}:{start}-{start + len(word)}", "anna", code))
    return docs, _coded(rows)


def test_toy_ids_are_hits(toy):
    docs, coded = toy
    found = {f"{h.doc_id}:{h.start}-{h.end}" for h in find_hits(docs)}
    assert set(coded["id"]) <= found


def test_retraining_improves_or_keeps_accuracy(toy):
    docs, coded = toy
    before = evaluate_against(coded, "bundled", docs)
    assert before["n"] == len(TOY) and before["accuracy"] < 1  # the bundled model misreads some of these
    own = retrain_context(coded, docs, C=10.0)
    assert isinstance(own, ContextClassifier) and own.C == 10.0
    assert evaluate_against(coded, own, docs)["accuracy"] == 1.0
    both = retrain_context(coded, docs, base="bundled")
    after = evaluate_against(coded, both, docs)
    assert after["accuracy"] >= before["accuracy"] and set(after) == {"n", "accuracy", "f1", "kappa"}
    # on top of the bundled examples, the bundled model's settings: only the new codes make the difference
    assert both.get_params() == load_context_model().get_params()


def test_retraining_resolves_codes_first(toy):
    docs, coded = toy
    second = coded.assign(coder="ben", code=1 - coded["code"])  # ben disagrees everywhere: every item a tie
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FramingWarning)
        with pytest.raises(InputError, match="no coded item has a settled code"):
            retrain_context(pd.concat([coded, second]), docs)
    flipped = retrain_context(pd.concat([coded, second]), docs, resolve="coder:ben")
    assert evaluate_against(coded, flipped, docs)["accuracy"] < 0.5
    with pytest.raises(InputError, match="needs examples of both"):
        retrain_context(coded[coded["code"] == 1], docs)
    with pytest.raises(InputError, match="base="):
        retrain_context(coded, docs, base=3)
