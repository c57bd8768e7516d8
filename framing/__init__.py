"""framing: who frames what, and how, in news text."""

__version__ = "0.1.0"
