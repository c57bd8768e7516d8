"""Shared helpers for running scikit-learn's estimator checks on framing's text estimators.

Imported by the test modules (pytest puts this folder on the import path); not a test file itself.
"""

from __future__ import annotations

import warnings

from sklearn.utils.estimator_checks import check_estimator

#: Checks that fit or predict on the checks' numeric data; a text estimator refuses that data.
DATA_CHECKS = [
    "check_complex_data",
    "check_dict_unchanged",
    "check_dont_overwrite_parameters",
    "check_dtype_object",
    "check_estimators_dtypes",
    "check_estimators_empty_data_messages",
    "check_estimators_fit_returns_self",
    "check_estimators_nan_inf",
    "check_estimators_overwrite_params",
    "check_estimators_pickle",
    "check_f_contiguous_array_estimator",
    "check_fit2d_1feature",
    "check_fit2d_1sample",
    "check_fit2d_predict1d",
    "check_fit_check_is_fitted",
    "check_fit_idempotent",
    "check_fit_score_takes_y",
    "check_methods_sample_order_invariance",
    "check_methods_subset_invariance",
    "check_n_features_in",
    "check_n_features_in_after_fitting",
    "check_pipeline_consistency",
    "check_positive_only_tag_during_fit",
    "check_readonly_memmap_input",
]


def all_checks_view(estimator):
    """``estimator`` under a subclass tagged ``two_d_array=True``, for which scikit-learn yields every check."""
    cls = type(estimator)

    def tags(self):
        tags = cls.__sklearn_tags__(self)
        tags.input_tags.two_d_array = True
        return tags

    view = type(cls.__name__, (cls,), {"__sklearn_tags__": tags, "__module__": __name__})
    return view(**estimator.get_params())


def run_check(estimator, check, request) -> None:
    """Run one check; an expected failure is reported in one line instead of the check's traceback."""
    try:
        check(estimator)
    except Exception as exc:
        if request.node.get_closest_marker("xfail") is None:
            raise
        # pytest takes half a second to render each check's traceback
        raise AssertionError(f"{type(exc).__name__}: {exc}") from None


def exception_chain(exc):
    """``exc`` and the exceptions it was raised from or while handling."""
    while exc is not None:
        yield exc
        exc = exc.__cause__ or exc.__context__


def failed_checks(estimator) -> dict[str, BaseException]:
    """The checks ``estimator`` fails, by name, with the exception each raised."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        results = check_estimator(estimator, on_fail=None, on_skip=None)
    return {r["check_name"]: r["exception"] for r in results if r["status"] == "failed"}
