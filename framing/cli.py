"""The ``framing`` command line: parses arguments and calls one library function.

A user mistake (a missing file, a bad codebook, a broken CSV) prints one line
``framing: error: ...`` and exits with status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
import warnings

from . import __version__
from .errors import FramingError, FramingWarning

__all__ = ["main"]


def _add_input_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="*", metavar="PATH", help="files or folders (.txt, .csv, .tsv, .jsonl, .json)")
    p.add_argument("--sample", action="store_true", help="use the bundled sample corpus (12 fictional articles)")
    p.add_argument("--text-column", default="text", help="column/field with the article text (default: text)")
    p.add_argument("--id-column", default=None, help="column/field with the document id")
    p.add_argument("--outlet-column", default="outlet", help="column/field with the outlet (default: outlet)")
    p.add_argument("--encoding", default="utf-8", help="text encoding of the input files (default: utf-8)")
    p.add_argument("--sep", default=None, help="CSV separator (default: , or tab for .tsv)")
    p.add_argument("--skip-bad", action="store_true",
                   help="skip unreadable records (broken JSON lines, missing text) and report how many")
    p.add_argument("--jobs", "-j", type=int, default=1, metavar="N",
                   help="worker processes (-1: all cores); results do not depend on it")
    p.add_argument("--quiet", "-q", action="store_true", help="no progress bar")


def _add_output_options(p: argparse.ArgumentParser, formats: tuple[str, ...], default: str) -> None:
    p.add_argument("--format", choices=formats, default=default, help=f"output format (default: {default})")
    p.add_argument("--out", "-o", default=None, metavar="FILE", help="write here instead of standard output")


def _read(args):
    from .io import read_documents

    if args.sample:
        from .datasets import sample_path

        args.paths = [*args.paths, str(sample_path())]
    if not args.paths:
        raise FramingError("no input: give one or more PATHs (files or folders), or --sample")
    return read_documents(args.paths, text_column=args.text_column, id_column=args.id_column,
                          outlet_column=args.outlet_column, encoding=args.encoding, sep=args.sep,
                          skip_bad=args.skip_bad)


def _progress(args):
    """A progress bar on a terminal, unless --quiet."""
    return False if args.quiet else None


def _registry(args):
    """The user's registries, plus the sample corpus's sources when it is used."""
    from .sources import load_sources

    files = list(getattr(args, "sources", None) or [])
    if getattr(args, "sample", False):
        from importlib import resources

        files.insert(0, str(resources.files("framing").joinpath("data/sample_sources.yaml")))
    return load_sources(*files) if files else None


def _cmd_tag(args) -> int:
    from .io import write_table
    from .match import DEFAULT_LEXICONS, find_hits, hits_frame

    docs = _read(args)
    registry = _registry(args)
    hits = find_hits(docs, args.lexicon or list(DEFAULT_LEXICONS), neutral=args.neutral, attribute=args.attribute,
                     registry=registry, score=args.min_score is not None or args.score, n_jobs=args.jobs,
                     progress=_progress(args))
    frame = hits_frame(hits)
    if args.min_score is not None:
        frame = frame[frame["score"].isna() | (frame["score"] >= args.min_score)]
    write_table(frame, args.out, format=args.format, inputs=args.paths)
    return 0


def _cmd_attribute(args) -> int:
    from .attribution import attributions_frame, iter_attributions
    from .io import write_table

    docs = _read(args)
    registry = _registry(args)
    frame = attributions_frame(iter_attributions(docs, registry=registry, n_jobs=args.jobs,
                                                 progress=_progress(args)))
    write_table(frame, args.out, format=args.format, inputs=args.paths)
    return 0


def _cmd_report(args) -> int:
    from .match import DEFAULT_LEXICONS
    from .report import write_report

    docs = _read(args)
    if not docs:
        raise FramingError("no articles to report on (every input was empty)")
    path = write_report(docs, args.out, lexicon=args.lexicon or list(DEFAULT_LEXICONS), registry=_registry(args),
                        title=args.title, by=args.by, ci=args.ci, inputs=args.paths, n_jobs=args.jobs,
                        progress=_progress(args))
    print(f"framing: wrote {path}", file=sys.stderr)
    return 0


def _cmd_kwic(args) -> int:
    from .io import write_table
    from .match import DEFAULT_LEXICONS
    from .views import kwic, kwic_html

    docs = _read(args)
    frame = kwic(docs, term=args.term, category=args.category, width=args.width,
                 lexicon=args.lexicon or list(DEFAULT_LEXICONS), by=args.by)
    if args.format == "html":
        from pathlib import Path

        from .io import _atomic_write

        html = "<!DOCTYPE html><meta charset='utf-8'>" + kwic_html(frame)
        if args.out:
            _atomic_write(Path(args.out), html, inputs=args.paths)
        else:
            sys.stdout.write(html + "\n")
        return 0
    cols = ["outlet", "speaker", "left", "match", "right", "doc_id"] if args.format == "table" else list(frame.columns)
    write_table(frame[cols], args.out, format=args.format, inputs=args.paths)
    return 0


def _cmd_lexicon(args) -> int:
    from .io import write_table
    from .lexicon import bundled_lexicons, load_lexicon, validate_lexicon

    if args.action == "list":
        import pandas as pd

        rows = []
        for name in bundled_lexicons():
            lex = load_lexicon(name)
            rows.append({"name": name, "version": lex.version, "entries": len(lex),
                         "categories": len({e.category for e in lex}), "description": lex.description[:70]})
        write_table(pd.DataFrame(rows), None, format="table")
        return 0
    if not args.lexicon:
        raise FramingError(f"'framing lexicon {args.action}' needs a codebook name or file")
    if args.action == "show":
        lex = load_lexicon(args.lexicon)
        if args.format == "table":
            print(f"{lex.name} {lex.version}: {len(lex)} entries; {lex.license}")
            print(lex.description)
            for cat in sorted({e.category for e in lex}):
                n = sum(e.category == cat for e in lex)
                print(f"  {cat:28} {n:4}  {lex.categories.get(cat, '')}")
            print()
        df = lex.to_frame()
        if args.category:
            df = df[df["category"] == args.category]
        write_table(df, args.out, format=args.format)
        return 0
    failed = 0
    for name in args.lexicon:
        problems = validate_lexicon(name)
        for p in problems:
            print(p)
        if problems:
            failed += 1
        else:
            print(f"{name}: ok ({len(load_lexicon(name))} entries)")
    return 1 if failed else 0


def _parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="framing", description="Who frames what, and how, in news text.")
    ap.add_argument("--version", action="version", version=f"framing {__version__}")
    sub = ap.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("tag", help="tag loaded terms; one row per hit",
                       description="Tag loaded terms in articles and write one row per hit.")
    _add_input_options(p)
    p.add_argument("--lexicon", "-l", action="append", metavar="NAME_OR_FILE",
                   help="codebook name or file; repeat to combine (default: conflict and cues)")
    p.add_argument("--neutral", action="store_true", help="also tag neutral reference labels")
    p.add_argument("--min-score", type=float, default=None, metavar="P",
                   help="keep only hits the context classifier scores at least P (0-1) as loaded")
    p.add_argument("--no-score", dest="score", action="store_false",
                   help="skip the context classifier (the score column stays empty)")
    p.add_argument("--no-attribution", dest="attribute", action="store_false",
                   help="skip speaker attribution (every hit is credited to the outlet)")
    p.add_argument("--sources", action="append", metavar="FILE",
                   help="your own source registry (YAML); repeat to add several")
    _add_output_options(p, ("csv", "jsonl", "table"), "csv")
    p.set_defaults(func=_cmd_tag)

    p = sub.add_parser("attribute", help="who speaks: one row per quotation or reported statement",
                       description="Find quotations and reported speech and who they belong to.")
    _add_input_options(p)
    p.add_argument("--sources", action="append", metavar="FILE",
                   help="your own source registry (YAML); repeat to add several")
    _add_output_options(p, ("jsonl", "csv", "table"), "jsonl")
    p.set_defaults(func=_cmd_attribute)

    p = sub.add_parser("report", help="one self-contained HTML report: charts, tables, highlighted articles",
                       description="Analyse articles and write one self-contained HTML report.")
    _add_input_options(p)
    p.add_argument("--out", "-o", required=True, metavar="FILE", help="the HTML file to write")
    p.add_argument("--lexicon", "-l", action="append", metavar="NAME_OR_FILE",
                   help="codebook name or file; repeat to combine (default: conflict and cues)")
    p.add_argument("--sources", action="append", metavar="FILE", help="your own source registry (YAML)")
    p.add_argument("--title", default="framing report", help="the report's title")
    p.add_argument("--by", default="outlet", help="the column to compare (default: outlet)")
    p.add_argument("--ci", choices=("wilson", "bootstrap"), default="wilson", help="confidence intervals")
    p.set_defaults(func=_cmd_report)

    p = sub.add_parser("kwic", help="keyword in context: a concordance of a term or category, by source",
                       description="A concordance of a term or category, aligned on it, grouped by source.")
    _add_input_options(p)
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--term", help="a codebook term (or the words as written)")
    which.add_argument("--category", help="a codebook category")
    p.add_argument("--width", type=int, default=60, help="characters of context on each side (default: 60)")
    p.add_argument("--by", default="outlet", help="group lines by this column (default: outlet)")
    p.add_argument("--lexicon", "-l", action="append", metavar="NAME_OR_FILE",
                   help="codebook name or file; repeat to combine (default: conflict and cues)")
    p.add_argument("--sources", action="append", metavar="FILE", help="your own source registry (YAML)")
    _add_output_options(p, ("table", "csv", "jsonl", "html"), "table")
    p.set_defaults(func=_cmd_kwic)

    p = sub.add_parser("lexicon", help="list, show or validate codebooks",
                       description="List bundled codebooks, show one, or validate codebook files.")
    p.add_argument("action", choices=("list", "show", "validate"))
    p.add_argument("lexicon", nargs="*", metavar="NAME_OR_FILE")
    p.add_argument("--category", default=None, help="show only this category")
    _add_output_options(p, ("csv", "jsonl", "table"), "table")
    p.set_defaults(func=_cmd_lexicon)
    return ap


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = _parser().parse_args(argv)
    if getattr(args, "lexicon", None) and args.command == "lexicon" and args.action == "show":
        args.lexicon = args.lexicon[0] if len(args.lexicon) == 1 else args.lexicon
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("always", FramingWarning)
            warnings.showwarning = _show_warning
            return args.func(args)
    except FramingError as exc:
        print(f"framing: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        print("framing: interrupted", file=sys.stderr)
        return 130


def _show_warning(message, category, filename, lineno, file=None, line=None):
    print(f"framing: warning: {message}", file=sys.stderr)
