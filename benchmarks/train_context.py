"""Train the bundled context model and report its cross-validated accuracy.

Run: ``python benchmarks/train_context.py [--write]``. The training data are the
hit contexts written by the framing contributors (framing/data/context_examples.jsonl);
``--write`` saves the model as plain parameters to framing/data/context_model.json.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import GridSearchCV, StratifiedKFold, cross_val_predict

from framing.context import ContextClassifier, read_context_examples

OUT = Path(__file__).resolve().parents[1] / "framing" / "data" / "context_model.json"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--write", action="store_true", help="save the model to framing/data/context_model.json")
    a = ap.parse_args()
    X, y = read_context_examples()
    cv = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
    grid = GridSearchCV(ContextClassifier(), {"C": [0.3, 1.0, 3.0, 10.0], "window": [3, 4, 6]}, cv=cv,
                        scoring="accuracy", n_jobs=1).fit(X, y)
    best = grid.best_params_
    # an honest estimate: the parameter choice is made inside each outer fold
    outer = StratifiedKFold(n_splits=5, shuffle=True, random_state=1)
    inner = GridSearchCV(ContextClassifier(), {"C": [0.3, 1.0, 3.0, 10.0], "window": [3, 4, 6]},
                         cv=StratifiedKFold(n_splits=4, shuffle=True, random_state=2), scoring="accuracy")
    pred = cross_val_predict(inner, X, y, cv=outer)
    majority = max(np.mean(y), 1 - np.mean(y))
    print(f"{len(y)} hit contexts, {int(y.sum())} loaded, {X['term'].nunique()} terms")
    print(f"nested 5-fold CV: accuracy {accuracy_score(y, pred):.3f}, macro-F1 {f1_score(y, pred, average='macro'):.3f}"
          f" (majority class {majority:.3f}); chosen parameters on all data: {best}")
    if a.write:
        model = ContextClassifier(**best).fit(X, y)
        model.to_json(OUT, trained_on="framing/data/context_examples.jsonl (written by the framing contributors)",
                      cv_accuracy=round(float(accuracy_score(y, pred)), 3))
        print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
