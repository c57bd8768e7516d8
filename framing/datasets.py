"""Bundled sample data, written by the framing contributors (fictional outlets and events)."""

from __future__ import annotations

from importlib import resources

from .io import read_documents
from .types import Document

__all__ = ["load_sample", "sample_path", "sample_sources"]


def sample_path():
    """The folder of the bundled sample corpus (a ``Traversable``; ``str()`` it for a path).

    The package is installed as files, so the folder is a real directory.
    """
    return resources.files("framing").joinpath("data/sample")


def load_sample(*, as_frame: bool = False):
    """The sample corpus: 12 short articles on one fictional event from 4 fictional outlets.

    A state news agency, a monitoring group, a wire service and a partisan site
    report the same strikes in different words and quote each other.

    Parameters
    ----------
    as_frame : bool, default False
        Return a DataFrame (one row per article) instead of a list of Documents.

    Examples
    --------
    >>> docs = load_sample()
    >>> len(docs), len({d.outlet for d in docs})
    (12, 4)
    """
    docs: list[Document] = read_documents(str(sample_path()))
    if as_frame:
        from .io import documents_frame

        return documents_frame(docs)
    return docs


def sample_sources():
    """The bundled source registry plus the sample corpus's fictional outlets and people.

    Examples
    --------
    >>> reg = sample_sources()
    >>> reg.lookup("Levant National News Agency").type
    'state_media'
    """
    from .sources import load_sources

    return load_sources(str(resources.files("framing").joinpath("data/sample_sources.yaml")))
