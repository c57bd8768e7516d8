import importlib.util
import itertools
import math
import pickle
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import sparse
from scipy.special import logit as sp_logit
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.model_selection import GridSearchCV, KFold
from sklearn.utils import estimator_checks
from sklearn.utils.validation import check_is_fitted

from framing.datasets import load_sample
from framing.errors import FramingError, InputError
from framing.lexicon import load_lexicon, validate_lexicon
from framing.match import LexiconMatcher
from framing.persist import load_model, save_model
from framing.types import Document
from framing.words import (
    STOPWORDS,
    LoadedWordTagger,
    WordSpan,
    _char_logits,
    _codebook_marks,
    _matchers,
    _sentence_logits,
    _stack_features,
    _token_features,
    _tokens,
    read_biased_words,
    suggest_terms,
    suggestions_yaml,
    word_scores,
)

MBIC = Path(__file__).resolve().parents[2] / "shared" / "data" / "babe" / "mbic.csv"
# word-level F1 of the default tagger in benchmarks/eval_mbic.py (5-fold CV over sentences, seed 0)
MBIC_F1 = 0.507

# Self-written training sentences: loaded words are evaluative adjectives and verbs; the same
# nouns and names also appear in plain sentences.
_LOADED = [
    ("The radical mob stormed the council chamber.", ["radical", "mob"]),
    ("Critics slammed the disastrous scheme on Monday.", ["slammed", "disastrous"]),
    ("The senator's reckless plan drew fury from voters.", ["reckless", "fury"]),
    ("Protesters decried the brutal crackdown in the capital.", ["decried", "brutal"]),
    ("The mayor unveiled a shameful cover-up of the report.", ["shameful", "cover-up"]),
    ("An extremist group hijacked the peaceful march.", ["extremist", "hijacked"]),
    ("The minister's absurd claims were quickly debunked.", ["absurd", "debunked"]),
    ("Residents blasted the outrageous tax hike.", ["blasted", "outrageous"]),
]
_PLAIN = [
    ("The council met in the chamber on Monday.", []),
    ("The senator presented a plan to voters.", []),
    ("Protesters gathered in the capital on Friday.", []),
    ("The mayor published the report on the budget.", []),
    ("A group of residents joined the march.", []),
    ("The minister answered questions from reporters.", []),
    ("Residents discussed the tax proposal at a meeting.", []),
    ("The committee will vote on the measure next week.", []),
]
TRAIN = (_LOADED + _PLAIN) * 3
X_TRAIN = [t for t, _ in TRAIN]
Y_TRAIN = [w for _, w in TRAIN]


@pytest.fixture(scope="module")
def tagger():
    return LoadedWordTagger(cv=3).fit(X_TRAIN, Y_TRAIN)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("['belated', 'birtherism']", ["belated", "birtherism"]),
        ("[]", []),
        ("", []),
        (None, []),
        (float("nan"), []),
        (["radical", " mob "], ["radical", "mob"]),
        ("slammed | radical", ["slammed", "radical"]),
        (np.array(["a", "b"]), ["a", "b"]),
    ],
)
def test_read_biased_words(value, expected):
    assert read_biased_words(value) == expected


def test_read_biased_words_rejects_garbage():
    with pytest.raises(InputError, match="cannot read the biased words"):
        read_biased_words("['unclosed")
    with pytest.raises(InputError, match="expected a list"):
        read_biased_words(3)


def test_word_scores_hand_computed():
    # sentence 1: predicted {radical, mob}, gold {radical} -> 1 correct of 2; sentence 2: gold {slammed} missed
    s = word_scores([["Radical", "mob", "radical"], []], ["['radical']", ["slammed"]])
    assert (s["n_predicted"], s["n_annotated"]) == (2, 2)
    assert s["precision"] == 0.5 and s["recall"] == 0.5 and s["f1"] == 0.5
    assert word_scores([[]], [[]])["f1"] == 0.0
    with pytest.raises(InputError, match="predictions for"):
        word_scores([[]], [[], []])


def test_fit_predict_on_unseen_sentences(tagger):
    assert tagger.threshold_ > 0 and 0 < tagger.prior_ < 1
    assert tagger.marked_["word"]["radical"] == 3 and "council" not in tagger.marked_["word"]
    assert tagger.counts_["word"]["council"] == 6 and tagger.marked_["stem"]["hijack"] == 3
    assert tagger.marked_["left"]["the radical"] == tagger.counts_["right"]["radical mob"] == 3
    pred = tagger.predict(["The brutal mob hijacked the meeting.", "The council met on Friday."])
    assert {"brutal", "mob", "hijacked"} <= {w.lower() for w in pred[0]}
    assert pred[1] == []


def test_unseen_word_gets_lower_probability_than_trained_loaded_word(tagger):
    (spans,) = tagger.word_probabilities(["The reckless committee met."])
    prob = {s.word: s.probability for s in spans}
    assert prob["reckless"] > prob["committee"] and prob["reckless"] > prob["met"]


def test_dataframe_and_list_string_input():
    df = pd.DataFrame({"text": X_TRAIN, "biased_words": [str(w) for w in Y_TRAIN]})
    a = LoadedWordTagger(cv=3).fit(df, df["biased_words"])
    b = LoadedWordTagger(cv=3).fit(X_TRAIN, Y_TRAIN)
    assert a.predict(df.head(4)) == b.predict(X_TRAIN[:4])
    assert a.threshold_ == pytest.approx(b.threshold_)


def test_predict_keeps_each_word_once_as_written(tagger):
    assert tagger.predict(["Brutal, brutal and BRUTAL."]) == [["Brutal"]]


def test_spans_slice_back_to_the_text(tagger):
    text = "Critics  slammed\nthe “disastrous” plan — a shameful cover-up."
    spans = tagger.predict_spans(text)
    assert [s.word for s in spans] == ["slammed", "disastrous", "shameful", "cover-up"]
    for s in spans:
        assert isinstance(s, WordSpan) and text[s.start:s.end] == s.word and 0 <= s.probability <= 1
    every = tagger.predict_spans(text, threshold=0.0)
    assert len(every) == 8 and [s.start for s in every] == sorted(s.start for s in every)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from([*"ab -’'\n.,“”é", "radical", "mob", "cover-up"]), max_size=30).map("".join))
def test_span_invariants(text):
    spans = _fitted().predict_spans(text, threshold=0.0)
    assert all(text[s.start:s.end] == s.word for s in spans)
    assert all(a.end <= b.start for a, b in itertools.pairwise(spans))


_CACHE: dict = {}


def _fitted():
    if "t" not in _CACHE:
        _CACHE["t"] = LoadedWordTagger(cv=3).fit(X_TRAIN, Y_TRAIN)
    return _CACHE["t"]


def test_get_params_clone_and_grid_search():
    t = LoadedWordTagger(C=0.3, window=2)
    params = t.get_params()
    assert params["C"] == 0.3 and params["window"] == 2 and params["lexicon"] == ("conflict", "cues")
    assert clone(t).get_params() == params
    fitted = t.fit(X_TRAIN, Y_TRAIN)
    assert fitted is t and not hasattr(clone(t), "model_")
    grid = GridSearchCV(LoadedWordTagger(cv=2), {"C": [0.1, 1.0]}, cv=KFold(2, shuffle=True, random_state=0))
    grid.fit(X_TRAIN, Y_TRAIN)
    assert grid.best_params_["C"] in (0.1, 1.0) and 0 <= grid.best_score_ <= 1


def test_feature_names_show_codebook_and_bias_rate(tagger):
    names = set(tagger.get_feature_names_out())
    assert {"rate", "stem_rate", "left_logit", "right_logit", "char_logit", "sentence_logit", "w=radical", "stop",
            "codebook"} <= names
    assert any(n.startswith("category=") for n in names)


def test_codebook_feature_marks_codebook_words():
    # "slammed" is in the bundled cues codebook; a tagger without codebooks has no such feature
    bare = LoadedWordTagger(lexicon=None, cv=3).fit(X_TRAIN, Y_TRAIN)
    assert not any(n.startswith("codebook") for n in bare.get_feature_names_out())
    assert LexiconMatcher(("conflict", "cues")).find("Critics slammed it.")


def test_fixed_threshold_and_tune_sentences():
    t = LoadedWordTagger(threshold=0.9, cv=3).fit(X_TRAIN, Y_TRAIN)
    assert t.threshold_ == 0.9
    tuned = LoadedWordTagger(cv=3).fit(X_TRAIN, Y_TRAIN, tune_sentences=np.arange(16))
    assert 0 < tuned.threshold_ < 1
    with pytest.raises(InputError, match="tune_sentences"):
        LoadedWordTagger(cv=3).fit(X_TRAIN, Y_TRAIN, tune_sentences=np.zeros(len(X_TRAIN), bool))


@pytest.mark.parametrize(
    ("X", "y", "message"),
    [
        (X_TRAIN, Y_TRAIN[:-1], "lists of biased words"),
        (X_TRAIN[:4], [[]] * 4, "both marked and unmarked"),
        ("one string", [["one"]], "got one string"),
        ([1, 2], [[], []], "expected text"),
        ([], [], "no sentences"),
    ],
)
def test_fit_errors(X, y, message):
    with pytest.raises(InputError, match=message):
        LoadedWordTagger(cv=2).fit(X, y)


def test_unfitted():
    with pytest.raises(NotFittedError):
        LoadedWordTagger().predict(["text"])
    with pytest.raises(NotFittedError):
        LoadedWordTagger().predict_spans("text")
    with pytest.raises(InputError, match="target y is None"):
        LoadedWordTagger().fit(X_TRAIN, None)


# --------------------------------------------------------------------------- scikit-learn contract

# The tagger reads text: a list of sentences, or one column of text (a DataFrame column, an (n, 1)
# array), hence the input tags two_d_array=True, string=True, and scikit-learn runs its whole suite.
# Every check below fits on or predicts from numeric arrays that scikit-learn generates: the tagger
# refuses those with "expected text", so the check cannot pass. What these checks guard is tested on
# text further down (fit returns self, parameters untouched, idempotent, order and subset invariance,
# predict leaves the estimator alone, pickle and skops round trips).
_NUMERIC = "fits on a numeric array; the tagger learns from text"
EXPECTED_FAILED_CHECKS = {
    "check_fit_score_takes_y": _NUMERIC,
    "check_estimators_overwrite_params": _NUMERIC + " (test_fit_leaves_parameters_alone)",
    "check_dont_overwrite_parameters": _NUMERIC + " (test_fit_leaves_parameters_alone)",
    "check_estimators_fit_returns_self": _NUMERIC + " (test_fit_leaves_parameters_alone)",
    "check_readonly_memmap_input": _NUMERIC + "; memory maps hold numbers, not text",
    "check_n_features_in_after_fitting": _NUMERIC + "; text has no n_features_in_",
    "check_n_features_in": _NUMERIC + "; text has no n_features_in_",
    "check_positive_only_tag_during_fit": _NUMERIC + " (iris)",
    "check_estimators_dtypes": _NUMERIC + " of each float and int dtype",
    "check_complex_data": "expects check_array's 'Complex data not supported'; the tagger says 'expected text'",
    "check_dtype_object": _NUMERIC + " of dtype object holding numbers",
    "check_estimators_empty_data_messages": "expects check_array's '0 feature(s)' message; text has no features",
    "check_pipeline_consistency": _NUMERIC + " (test_fit_is_idempotent_and_deterministic)",
    "check_estimators_nan_inf": "expects a NaN/inf message; the tagger rejects any number as not text",
    "check_estimators_pickle": _NUMERIC + " (test_pickle_and_skops_round_trip)",
    "check_f_contiguous_array_estimator": _NUMERIC + " in Fortran order",
    "check_methods_sample_order_invariance": _NUMERIC + " (test_predict_order_and_subset_invariant)",
    "check_methods_subset_invariance": _NUMERIC + " (test_predict_order_and_subset_invariant)",
    "check_fit2d_1sample": "expects a '1 sample' message; one sentence fails the cv check first",
    "check_fit2d_1feature": "expects a '1 feature(s)' message; one numeric column is not text",
    "check_dict_unchanged": _NUMERIC + " (test_predict_leaves_the_estimator_alone)",
    "check_fit_idempotent": _NUMERIC + " (test_fit_is_idempotent_and_deterministic)",
    "check_fit_check_is_fitted": _NUMERIC + " (test_fit_leaves_parameters_alone)",
    "check_fit2d_predict1d": _NUMERIC,
}


@estimator_checks.parametrize_with_checks([LoadedWordTagger()], expected_failed_checks=lambda _: EXPECTED_FAILED_CHECKS,
                                          xfail_strict=True)
def test_sklearn_estimator_checks(estimator, check):
    check(estimator)


def test_input_tags_say_text():
    tags = LoadedWordTagger().__sklearn_tags__()
    assert tags.input_tags.string and tags.input_tags.two_d_array and tags.target_tags.required


def test_one_column_of_text_is_accepted():
    a = LoadedWordTagger(cv=3).fit(np.array(X_TRAIN, dtype=object).reshape(-1, 1), Y_TRAIN)
    b = _fitted()
    texts = ["The brutal mob hijacked the meeting.", "Residents met."]
    assert a.predict(pd.DataFrame({"sentence": texts})) == b.predict(texts)
    assert a.predict(np.array(texts).reshape(-1, 1)) == b.predict(texts)
    with pytest.raises(InputError, match="one column of text"):
        b.predict(np.array([texts, texts]).T)
    with pytest.raises(InputError, match="sparse input is not supported"):
        b.predict(sparse.csr_matrix(np.ones((2, 2))))


def _public_state(est):
    return {k: v for k, v in vars(est).items() if not k.endswith("_") and not k.startswith("_")}


def test_fit_leaves_parameters_alone():
    lexicon = ["conflict", "cues"]
    t = LoadedWordTagger(lexicon=lexicon, cv=3, random_state=np.random.RandomState(3))
    before = _public_state(t)
    params = {k: v for k, v in t.get_params().items() if k != "random_state"}
    assert t.fit(X_TRAIN, Y_TRAIN) is t
    # fit sets only attributes with a trailing underscore and changes no parameter
    assert set(_public_state(t)) == set(before)
    assert {k: v for k, v in t.get_params().items() if k != "random_state"} == params
    assert lexicon == ["conflict", "cues"]
    check_is_fitted(t)
    fitted = {"vectorizer_", "model_", "char_model_", "sentence_model_", "stack_model_", "threshold_", "counts_",
              "marked_", "prior_"}
    assert fitted <= set(vars(t))


def test_fit_is_idempotent_and_deterministic():
    texts = ["The brutal mob hijacked the meeting.", "Residents met at the hall.", "A radical plan."]
    t = LoadedWordTagger(cv=3, random_state=1).fit(X_TRAIN, Y_TRAIN)
    first = [[s.probability for s in spans] for spans in t.word_probabilities(texts)]
    t.fit(X_TRAIN, Y_TRAIN)
    again = [[s.probability for s in spans] for spans in t.word_probabilities(texts)]
    other = LoadedWordTagger(cv=3, random_state=1).fit(X_TRAIN, Y_TRAIN)
    fresh = [[s.probability for s in spans] for spans in other.word_probabilities(texts)]
    assert again == first == fresh


def test_predict_order_and_subset_invariant(tagger):
    texts = [*X_TRAIN[:6], "A reckless, brutal scheme.", "Nothing here."]
    full = tagger.predict(texts)
    assert tagger.predict(texts[::-1]) == full[::-1]
    assert [p for i in range(0, len(texts), 3) for p in tagger.predict(texts[i:i + 3])] == full


def test_predict_leaves_the_estimator_alone(tagger):
    before = {k: repr(v) for k, v in vars(tagger).items()}
    tagger.predict(X_TRAIN[:4])
    tagger.word_probabilities(X_TRAIN[:4])
    tagger.predict_spans(X_TRAIN[0])
    assert {k: repr(v) for k, v in vars(tagger).items()} == before


def test_pickle_and_skops_round_trip(tmp_path, tagger):
    texts = ["The brutal mob hijacked the meeting.", "Residents met."]
    # pickle only in memory, as scikit-learn's check does; files are written with skops
    copies = [pickle.loads(pickle.dumps(tagger)), load_model(save_model(tagger, tmp_path / "tagger.skops"))]
    for again in copies:
        assert again.predict(texts) == tagger.predict(texts)
        assert again.get_params() == tagger.get_params()
        a, b = again.word_probabilities(texts), tagger.word_probabilities(texts)
        assert [s.probability for s in a[0]] == pytest.approx([s.probability for s in b[0]])


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"threshold": 2.0}, "threshold"),
        ({"window": -1}, "window"),
        ({"C": 0}, "C must be"),
        ({"char_C": -1.0}, "char_C"),
        ({"sentence_C": "strong"}, "sentence_C"),
        ({"class_weight": "heavy"}, "class_weight"),
        ({"cv": 1}, "cv must be"),
        ({"stack": "yes"}, "stack must be"),
    ],
)
def test_bad_parameters_are_named_in_fit(params, message):
    t = LoadedWordTagger(**params)  # no validation, no work in __init__
    with pytest.raises(InputError, match=message):
        t.fit(X_TRAIN, Y_TRAIN)


def test_without_character_and_sentence_models():
    t = LoadedWordTagger(char_C=None, sentence_C=None, cv=3).fit(X_TRAIN, Y_TRAIN)
    assert t.char_model_ is None and t.sentence_model_ is None
    assert not {"char_logit", "sentence_logit"} & set(t.get_feature_names_out())
    assert "radical" in t.predict(["Another radical idea."])[0]


def test_second_stage_averages_the_two_models():
    texts = ["The brutal mob hijacked the meeting.", "Residents met at the hall on Monday."]
    plain = LoadedWordTagger(cv=3, stack=False).fit(X_TRAIN, Y_TRAIN)
    stacked = LoadedWordTagger(cv=3).fit(X_TRAIN, Y_TRAIN)
    assert plain.stack_model_ is None and stacked.stack_model_ is not None
    # the first stage is the same model either way; the second only rescores its output
    np.testing.assert_allclose(stacked.model_.coef_, plain.model_.coef_)
    first = np.array([s.probability for spans in plain.word_probabilities(texts) for s in spans])
    both = np.array([s.probability for spans in stacked.word_probabilities(texts) for s in spans])
    trees = stacked.stack_model_.predict_proba(
        _stack_features([f for t in texts for f in _features_of(stacked, t)], [_tokens(t) for t in texts], first))[:, 1]
    assert not np.allclose(both, first) and not np.allclose(both, trees)
    # a word's probability is the mean of the two stages' log-odds
    np.testing.assert_allclose(sp_logit(both), (sp_logit(first) + sp_logit(trees)) / 2, rtol=1e-6)


def _features_of(tagger, text):
    marks = _codebook_marks(text, _matchers(tagger.lexicon))
    toks = _tokens(text)
    chars = _char_logits(tagger.char_model_, (w.lower() for _, _, w in toks))
    return _token_features(toks, marks, tagger._stored_counts(), tagger.window, chars,
                           _sentence_logits(tagger.sentence_model_, [text])[0])


def test_sentence_model_scores_loaded_sentences_higher(tagger):
    loaded, plain = tagger.sentence_model_.decision_function(["The radical mob slammed the scheme.",
                                                              "The committee met on Monday."])
    assert loaded > plain


# --------------------------------------------------------------------------- suggest_terms


@pytest.fixture(scope="module")
def sample_candidates():
    return suggest_terms(load_sample(), top=10)


def test_candidates_are_not_codebook_terms(sample_candidates):
    c = sample_candidates
    assert len(c) > 10 and c["group"].nunique() == 4
    assert list(c.columns) == ["term", "group", "count", "count_other", "z", "tagger_score", "example_1",
                               "example_2"]
    matcher = LexiconMatcher(("conflict", "cues"))
    for term in c["term"]:
        assert not matcher.find(term), term
        assert not any(w in STOPWORDS for w in term.split())
        assert not any(ch.isdigit() for ch in term)
    assert (c["count"] >= 2).all() and (c["z"] > 0).all() and c["tagger_score"].isna().all()
    assert (c.groupby("group").size() <= 10).all()
    for _, part in c.groupby("group"):
        assert list(part["z"]) == sorted(part["z"], reverse=True)
    row = c.iloc[0]
    assert row.term in row.example_1.lower().replace("[", "").replace("]", "")
    assert "[" in row.example_1 and "\n" not in row.example_1


TWO_GROUPS = [
    Document("a1", "Tractors pushed the tractors' plan. Farmers met tractors.", outlet="A"),
    Document("a2", "The tractors and farmers spoke about water.", outlet="A"),
    Document("b1", "Farmers discussed water prices. Farmers sold grain.", outlet="B"),
    Document("b2", "Farmers and traders discussed water and grain.", outlet="B"),
]


def test_z_sign_on_two_groups():
    c = suggest_terms(TWO_GROUPS, lexicon="cues", min_count=1, bigrams=False)
    a = c[c.group == "A"].set_index("term")
    b = c[c.group == "B"].set_index("term")
    assert "tractors" in a.index and "tractors" not in b.index
    assert "farmers" in b.index and "farmers" not in a.index
    assert a.loc["tractors", "count"] == 4 and a.loc["tractors", "count_other"] == 0
    assert b.loc["farmers", "count"] == 3 and b.loc["farmers", "count_other"] == 2
    assert a.loc["tractors", "z"] > b.loc["farmers", "z"] > 0


@pytest.mark.parametrize(("text", "listed"), [
    ("Dr. Lena Voss said so. Then Lena Voss left. Voss spoke. Lena Voss agreed.", False),
    ("Grain prices rose. Traders said grain prices fell. Grain is cheap.", True),
])
def test_names_are_left_out_unless_asked(text, listed):
    docs = [Document("a", text, outlet="A"), Document("b", "Nothing here at all.", outlet="B")]
    term = "voss" if "Voss" in text else "grain"
    assert (term in set(suggest_terms(docs, lexicon="cues")["term"])) is listed
    assert term in set(suggest_terms(docs, lexicon="cues", names=True)["term"])


def _z(yi, yj, ni, nj, aw, a0):
    delta = math.log((yi + aw) / (ni + a0 - yi - aw)) - math.log((yj + aw) / (nj + a0 - yj - aw))
    return delta / math.sqrt(1 / (yi + aw) + 1 / (yj + aw))


def test_log_odds_matches_hand_computation():
    c = suggest_terms(TWO_GROUPS, lexicon="cues", min_count=1, bigrams=False)
    # unigram counts: A = tractors 4, pushed 1, plan 1, farmers 2, met 1, spoke 1, water 1 (n=11);
    # B = farmers 3, discussed 2, water 2, prices 1, sold 1, grain 2, traders 1 (n=12); the prior is
    # the corpus count (a_w = 4 for tractors, 5 for farmers) and a0 = 23
    z = _z(4, 0, 11, 12, aw=4, a0=23)
    got = c[(c.group == "A") & (c.term == "tractors")]["z"].item()
    assert got == pytest.approx(z)
    z_farmers = _z(3, 2, 12, 11, aw=5, a0=23)
    assert c[(c.group == "B") & (c.term == "farmers")]["z"].item() == pytest.approx(z_farmers)


def test_suggest_terms_with_tagger_and_errors(tagger):
    docs = [Document("x", "A radical mob and a radical crowd gathered. The radical mob left.", outlet="X"),
            Document("y", "Residents met at the hall. Residents left the hall.", outlet="Y")]
    c = suggest_terms(docs, lexicon="conflict", tagger=tagger)
    scores = c.set_index(["group", "term"])["tagger_score"]
    assert scores["X", "radical"] > scores["Y", "residents"]
    assert scores["X", "radical mob"] >= scores["X", "radical"] - 1e-9
    with pytest.raises(FramingError, match="at least two"):
        suggest_terms(docs[:1])
    with pytest.raises(InputError, match="not one string"):
        suggest_terms("some text")
    by_meta = [Document("p", "Grain grain.", meta={"desk": "farm"}), Document("q", "Water water.", meta={"desk": "x"})]
    assert set(suggest_terms(by_meta, by="desk")["group"]) == {"farm", "x"}


def test_suggestions_yaml_loads_as_a_codebook(tmp_path, sample_candidates):
    text = suggestions_yaml(sample_candidates)
    path = tmp_path / "suggested.yaml"
    path.write_text(text, encoding="utf-8")
    assert validate_lexicon(path) == []
    lex = load_lexicon(path)
    assert len(lex) == sample_candidates["term"].nunique()
    entry = lex.entries[0]
    assert entry.category == "candidate" and entry.note.startswith("suggested: more frequent in ")
    assert "review before use" in entry.note
    raw = yaml.safe_load(text)
    assert all(set(e) == {"term", "category", "note"} for e in raw["entries"])
    with pytest.raises(InputError, match="lower_snake_case"):
        suggestions_yaml(sample_candidates, category="Bad Category")
    with pytest.raises(InputError, match="needs the column"):
        suggestions_yaml(pd.DataFrame({"term": ["x"]}))
    with pytest.raises(InputError, match="no candidate terms"):
        suggestions_yaml(sample_candidates.head(0))


def test_no_candidates_gives_an_empty_table():
    docs = [Document("a", "The and of.", outlet="A"), Document("b", "It is 2024.", outlet="B")]
    c = suggest_terms(docs)
    assert c.empty and list(c.columns)[:4] == ["term", "group", "count", "count_other"]


# --------------------------------------------------------------------------- MBIC evaluation


def _benchmark():
    path = Path(__file__).resolve().parents[1] / "benchmarks" / "eval_mbic.py"
    spec = importlib.util.spec_from_file_location("eval_mbic", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_mbic_word_level_f1():
    if not MBIC.is_file():
        pytest.skip(f"{MBIC} not present (evaluation data outside the project)")
    bench = _benchmark()
    texts, words = bench.load_mbic(MBIC.parents[2])
    preds = bench.cross_validate(texts, words, folds=5, seed=0)
    scores = word_scores(preds, words)
    assert scores["f1"] >= MBIC_F1 - 0.01
    baseline = word_scores(bench.mpqa_baseline(texts, MBIC.parents[2]), words)
    assert 0.25 < baseline["f1"] < 0.31 < scores["f1"]
