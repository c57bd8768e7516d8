from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")

HERE = Path(__file__).parent
SHARED = HERE.parent.parent / "shared"


@pytest.fixture(scope="session")
def data_dir() -> Path:
    return HERE / "data"


@pytest.fixture(scope="session")
def mini_lexicon(data_dir):
    from framing.lexicon import load_lexicon

    return load_lexicon(data_dir / "mini.yaml")


@pytest.fixture(scope="session")
def mini_matcher(mini_lexicon):
    from framing.match import LexiconMatcher

    return LexiconMatcher(mini_lexicon)


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is not present (it holds evaluation data outside the project)")
    return SHARED
