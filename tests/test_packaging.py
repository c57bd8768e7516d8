"""The built wheel carries the bundled codebooks, parameters and sample corpus."""

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    proc = subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out), str(ROOT)],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    (path,) = out.glob("framing-*.whl")
    return path


def test_wheel_contains_bundled_data(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "framing/lexicons/conflict.yaml" in names
    assert "framing/lexicons/cues.yaml" in names
    for data in ("punkt_en.txt", "sources.yaml", "sample_sources.yaml", "attribution_cues.txt",
                 "context_model.json", "context_examples.jsonl"):
        assert f"framing/data/{data}" in names, data
    samples = [n for n in names if n.startswith("framing/data/sample/") and n.endswith(".txt")]
    assert len(samples) == 12
    assert not any(n.endswith((".pkl", ".pickle")) for n in names)
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "framing = framing.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()


def test_every_public_name_resolves():
    import framing

    missing = [name for name in framing.__all__ if getattr(framing, name, None) is None]
    assert missing == []
    assert {"FrameClassifier", "LoadedWordTagger", "make_bias_pipeline", "agreement", "save_model"} <= set(dir(framing))
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        framing.nope  # noqa: B018


def test_import_is_light():
    # NLTK (Punkt) and scipy.stats take over a second to import: they load when first needed
    import subprocess
    import sys

    code = "import sys, framing; print(sorted(m for m in ('nltk', 'scipy.stats', 'sklearn') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
