"""Saving and loading trained models without pickle.

Models are written with ``skops.io`` (an open, inspectable format). Loading
checks every type stored in the file: only scikit-learn, NumPy, SciPy and
framing's own classes are accepted, so a file from elsewhere cannot run code.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .errors import InputError

__all__ = ["load_model", "save_model"]

_TRUSTED_PREFIXES = ("sklearn.", "numpy.", "scipy.", "framing.", "builtins.", "collections.", "re.Pattern",
                     "functools.partial")


def save_model(model: Any, path: str | Path) -> Path:
    """Write a fitted model to ``path`` (``.skops``).

    Examples
    --------
    >>> import tempfile, os
    >>> from sklearn.linear_model import LogisticRegression
    >>> m = LogisticRegression().fit([[0.0], [1.0]], [0, 1])
    >>> p = save_model(m, os.path.join(tempfile.mkdtemp(), "m.skops"))
    >>> load_model(p).predict([[0.9]]).tolist()
    [1]
    """
    import skops.io as sio

    from .io import _atomic_write_bytes

    return _atomic_write_bytes(Path(path), sio.dumps(model))


def load_model(path: str | Path) -> Any:
    """Read a model written by :func:`save_model`, refusing untrusted types.

    Raises
    ------
    InputError
        When the file is missing, not a skops file, or stores a type outside
        scikit-learn, NumPy, SciPy and framing.
    """
    import skops.io as sio

    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such model file") from None
    try:
        untrusted = sio.get_untrusted_types(data=data)
    except Exception:
        raise InputError(f"{path}: not a framing model file (expected one written by `framing train`)") from None
    bad = [t for t in untrusted if not t.startswith(_TRUSTED_PREFIXES)]
    if bad:
        raise InputError(f"{path}: refusing to load types from outside scikit-learn and framing: {', '.join(bad[:5])}")
    return sio.loads(data, trusted=untrusted)
