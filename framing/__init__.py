"""framing: who frames what, and how, in news text.

Read articles, tag loaded terms with a reviewed codebook, and compare outlets.

Examples
--------
>>> import framing
>>> hits = framing.find_hits(framing.load_sample())
>>> len(hits) > 100
True
"""

__version__ = "0.1.0"

from .attribution import Attribution, attribute_speakers, attributions_frame, sentences_frame
from .datasets import load_sample, sample_sources
from .errors import FramingError, FramingWarning, InputError, LexiconError
from .io import documents_frame, iter_documents, read_documents
from .lexicon import Lexicon, LexiconEntry, bundled_lexicons, load_lexicon, validate_lexicon
from .match import LexiconMatcher, find_hits, hits_frame
from .report import write_report
from .segment import Segmenter, count_words, split_sentences, tokenize
from .sources import SourceRegistry, load_sources
from .stats import Analysis, analyze, log_odds, naming_choice, rates
from .types import Document, Hit, Sentence, Token
from .views import evidence, highlight, kwic

# The learning parts import scikit-learn, which takes a moment: they load on first use.
_LAZY = {
    "ContextClassifier": "context", "load_context_model": "context",
    "make_bias_pipeline": "bias", "train_bias": "bias",
    "LoadedWordTagger": "words", "suggest_terms": "words",
    "FrameClassifier": "frames", "frame_table": "frames", "cross_val_frames": "frames",
    "coding_sheet": "coding", "read_coding_sheets": "coding", "agreement": "coding", "retrain_context": "coding",
    "save_model": "persist", "load_model": "persist",
    "AttributionModel": "attribution_model",
}


def __getattr__(name: str):
    """``framing.FrameClassifier`` and the other learning tools, imported when first asked for."""
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'framing' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))

__all__ = [
    *sorted(_LAZY),
    "Analysis",
    "Attribution",
    "Document",
    "FramingError",
    "FramingWarning",
    "Hit",
    "InputError",
    "Lexicon",
    "LexiconEntry",
    "LexiconError",
    "LexiconMatcher",
    "Segmenter",
    "Sentence",
    "SourceRegistry",
    "Token",
    "__version__",
    "analyze",
    "attribute_speakers",
    "attributions_frame",
    "bundled_lexicons",
    "count_words",
    "documents_frame",
    "evidence",
    "find_hits",
    "highlight",
    "hits_frame",
    "iter_documents",
    "kwic",
    "load_lexicon",
    "load_sample",
    "load_sources",
    "log_odds",
    "naming_choice",
    "rates",
    "read_documents",
    "sample_sources",
    "sentences_frame",
    "split_sentences",
    "tokenize",
    "validate_lexicon",
    "write_report",
]
