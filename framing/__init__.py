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

from .datasets import load_sample
from .errors import FramingError, FramingWarning, InputError, LexiconError
from .io import documents_frame, iter_documents, read_documents
from .lexicon import Lexicon, LexiconEntry, bundled_lexicons, load_lexicon, validate_lexicon
from .match import LexiconMatcher, find_hits, hits_frame
from .segment import Segmenter, count_words, split_sentences, tokenize
from .types import Document, Hit, Sentence, Token

__all__ = [
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
    "Token",
    "__version__",
    "bundled_lexicons",
    "count_words",
    "documents_frame",
    "find_hits",
    "hits_frame",
    "iter_documents",
    "load_lexicon",
    "load_sample",
    "read_documents",
    "split_sentences",
    "tokenize",
    "validate_lexicon",
]
