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


def _add_lexicon_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--lexicon", "-l", action="append", metavar="NAME_OR_FILE",
                   help="codebook name or file; repeat to combine (default: conflict and cues)")


def _add_sources_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--sources", action="append", metavar="FILE",
                   help="your own source registry (YAML); repeat to add several")


def _add_output_options(p: argparse.ArgumentParser, formats: tuple[str, ...], default: str) -> None:
    p.add_argument("--format", choices=formats, default=default, help=f"output format (default: {default})")
    p.add_argument("--out", "-o", default=None, metavar="FILE", help="write here instead of standard output")


def _iter(args):
    """The input documents, streamed one at a time."""
    from .io import iter_documents

    if args.sample and not getattr(args, "_sample_added", False):
        from .datasets import sample_path

        args.paths = [*args.paths, str(sample_path())]
        args._sample_added = True
    if not args.paths:
        raise FramingError("no input: give one or more PATHs (files or folders), or --sample")
    return iter_documents(args.paths, text_column=args.text_column, id_column=args.id_column,
                          outlet_column=args.outlet_column, encoding=args.encoding, sep=args.sep,
                          skip_bad=args.skip_bad)


def _read(args):
    """The input documents, as a list."""
    return list(_iter(args))


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
    from .io import stream_table, write_table
    from .match import DEFAULT_LEXICONS, hits_frame, iter_hits

    docs = _iter(args)
    attribute = args.attribute
    if attribute and args.attribution_model:
        attribute = _attribution_model(args.attribution_model)
    hits = iter_hits(docs, args.lexicon or list(DEFAULT_LEXICONS), neutral=args.neutral, attribute=attribute,
                     registry=_registry(args), score=args.min_score is not None or args.score, n_jobs=args.jobs,
                     progress=_progress(args))

    def frames():
        # hits are written as they come, in chunks: memory stays flat however large the corpus
        chunk = []
        for h in hits:
            chunk.append(h)
            if len(chunk) >= 5000:
                yield _min_score(hits_frame(chunk), args.min_score)
                chunk = []
        yield _min_score(hits_frame(chunk), args.min_score)

    if args.format == "table":
        import pandas as pd

        write_table(pd.concat(list(frames()), ignore_index=True), args.out, format="table", inputs=args.paths)
    else:
        stream_table(frames(), args.out, format=args.format, inputs=args.paths)
    return 0


def _min_score(frame, min_score):
    if min_score is None:
        return frame
    return frame[frame["score"].isna() | (frame["score"] >= min_score)]


def _cmd_attribute(args) -> int:
    from .attribution import attributions_frame, iter_attributions
    from .io import write_table

    model = _attribution_model(args.model) if args.model else None
    docs = _read(args)
    registry = _registry(args)
    frame = attributions_frame(iter_attributions(docs, registry=registry, n_jobs=args.jobs,
                                                 progress=_progress(args), model=model))
    write_table(frame, args.out, format=args.format, inputs=args.paths)
    return 0


def _attribution_model(path):
    from .attribution_model import AttributionModel

    return AttributionModel.load(path)


def _cmd_train_attribution(args) -> int:
    from pathlib import Path

    from .attribution_model import AttributionModel
    from .evaluate import load_brat, load_polnear
    from .io import _check_target
    from .types import Document

    root = Path(args.data)
    out = Path(args.out)
    # never over the annotations: checked now, before the minutes of training, and again when saving
    inputs = [root, *(p for p in root.rglob("*") if p.is_file())] if root.is_dir() else [root]
    _check_target(out, inputs)
    if (root / "text").is_dir() and (root / "attributions").is_dir():
        data = load_brat(root / "text", root / "attributions")
    else:
        data = load_polnear(root, args.split)
    if not data:
        raise FramingError(f"{root}: no annotated articles found (expected text/*.txt and attributions/*.ann)")
    docs = [Document(doc_id, text) for doc_id, text, _ in data]
    n = sum(len(g) for _, _, g in data)
    print(f"framing: training on {len(docs)} articles with {n} attributions (reading them, then up to "
          f"{args.max_iterations} L-BFGS iterations; about 6 minutes for 800 articles) ...", file=sys.stderr)
    try:
        model = AttributionModel(max_iterations=args.max_iterations).fit(docs, [g for _, _, g in data],
                                                                         progress=_progress(args))
    except ImportError as exc:
        raise FramingError(str(exc)) from None
    model.save(out, inputs=inputs)
    print(f"framing: wrote {out}", file=sys.stderr)
    return 0


def _cmd_report(args) -> int:
    from .match import DEFAULT_LEXICONS
    from .report import write_report

    model = _attribution_model(args.attribution_model) if args.attribution_model else None
    docs = _read(args)
    if not docs:
        raise FramingError("no articles to report on (every input was empty)")
    path = write_report(docs, args.out, lexicon=args.lexicon or list(DEFAULT_LEXICONS), registry=_registry(args),
                        title=args.title, by=args.by, ci=args.ci, inputs=args.paths, n_jobs=args.jobs,
                        progress=_progress(args), attribution_model=model)
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


def _read_table(path: str, sep: str | None):
    """A CSV (separator guessed from the header unless given) as a DataFrame."""
    import io
    from pathlib import Path

    import pandas as pd

    from .io import _read_text_file

    text = _read_text_file(Path(path), "utf-8")
    if sep is None:
        head = text.split("\n", 1)[0]
        sep = max([",", ";", "\t"], key=head.count)
    try:
        return pd.read_csv(io.StringIO(text), sep=sep)
    except pd.errors.ParserError as exc:
        raise FramingError(f"{path}: cannot read the table ({exc}); check the separator (--sep)") from None


def _need(df, cols, path):
    missing = [c for c in cols if c not in df.columns]
    if missing:
        raise FramingError(f"{path}: no column(s) {', '.join(missing)} (columns: {', '.join(map(str, df.columns))}); "
                           "name them with --text-column / --label-column / --label-columns / --words-column")


def _cmd_train(args) -> int:
    from .persist import save_model

    if args.kind == "attribution":
        return _cmd_train_attribution(args)
    df = _read_table(args.data, args.sep)
    if args.kind == "context":
        from .context import CONTEXT_COLUMNS, ContextClassifier

        if set(CONTEXT_COLUMNS) <= set(df.columns) and args.label_column in df.columns:
            model = ContextClassifier().fit(df, df[args.label_column].astype(int).to_numpy())
        else:
            from .coding import read_coding_sheets, retrain_context

            if not args.documents:
                raise FramingError(f"{args.data}: a coding sheet needs the articles it was made from: "
                                   "pass --documents PATH...")
            from .io import read_documents

            docs = read_documents(args.documents)
            model = retrain_context(read_coding_sheets([args.data]), docs, base="bundled", registry=_registry(args))
    elif args.kind == "bias":
        from .bias import train_bias

        model = train_bias(df, text_column=args.text_column, label_column=args.label_column)
    elif args.kind == "words":
        from .words import LoadedWordTagger, read_biased_words

        _need(df, [args.text_column, args.words_column], args.data)
        model = LoadedWordTagger().fit(df[args.text_column].astype(str).tolist(),
                                       [read_biased_words(v) for v in df[args.words_column]])
    else:
        try:
            from .frames import FrameClassifier
        except ImportError:
            raise FramingError("the frame classifier is not part of this version of framing yet") from None

        labels = [c.strip() for c in (args.label_columns or "").split(",") if c.strip()]
        if not labels:
            raise FramingError("frames need --label-columns A,B,... (columns of 0/1 labels)")
        _need(df, [args.text_column, *labels], args.data)
        model = FrameClassifier().fit(df[args.text_column].astype(str).tolist(), df[labels])
    path = save_model(model, args.out)
    print(f"framing: wrote {path}", file=sys.stderr)
    return 0


def _cmd_predict(args) -> int:
    from .io import write_table
    from .persist import load_model

    model = load_model(args.model)
    df = _read_table(args.data, args.sep)
    kind = type(model).__name__
    if kind == "ContextClassifier":
        from .context import CONTEXT_COLUMNS

        _need(df, CONTEXT_COLUMNS, args.data)
        proba = model.predict_proba(df)[:, list(model.classes_).index(1)]
        df["prediction"], df["probability"] = (proba >= 0.5).astype(int), proba
    else:
        _need(df, [args.text_column], args.data)
        texts = df[args.text_column].fillna("").astype(str).tolist()
        if kind == "LoadedWordTagger":
            df["predicted_words"] = ["|".join(ws) for ws in model.predict(texts)]
        elif kind == "FrameClassifier":
            pred, proba = model.predict(texts), model.predict_proba(texts)
            for col in pred.columns:
                df[f"{col}_prediction"] = pred[col].to_numpy()
                df[f"{col}_probability"] = proba[col].to_numpy()
        else:
            df["prediction"] = model.predict(texts)
            if hasattr(model, "predict_proba"):
                proba = model.predict_proba(texts)
                classes = list(model.classes_)
                for j, c in enumerate(classes):
                    df[f"probability_{c}"] = proba[:, j]
    write_table(df, args.out, format="csv", inputs=[args.data, args.model])
    return 0


def _cmd_agreement(args) -> int:
    from .coding import agreement, read_coding_sheets
    from .io import write_table

    write_table(agreement(read_coding_sheets(args.sheets)), args.out, format=args.format, inputs=args.sheets)
    return 0


def _cmd_suggest(args) -> int:
    from .io import write_table
    from .match import DEFAULT_LEXICONS
    from .words import suggest_terms, suggestions_yaml

    docs = _read(args)
    frame = suggest_terms(docs, args.lexicon or list(DEFAULT_LEXICONS), by=args.by, top=args.top)
    if args.format == "yaml":
        from pathlib import Path

        from .io import _atomic_write

        text = suggestions_yaml(frame)
        if args.out:
            _atomic_write(Path(args.out), text, inputs=args.paths)
        else:
            sys.stdout.write(text)
        return 0
    write_table(frame, args.out, format=args.format, inputs=args.paths)
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
    _add_lexicon_option(p)
    p.add_argument("--neutral", action="store_true", help="also tag neutral reference labels")
    p.add_argument("--min-score", type=float, default=None, metavar="P",
                   help="keep only hits the context classifier scores at least P (0-1) as loaded")
    p.add_argument("--no-score", dest="score", action="store_false",
                   help="skip the context classifier (the score column stays empty)")
    p.add_argument("--no-attribution", dest="attribute", action="store_false",
                   help="skip speaker attribution (every hit is credited to the outlet)")
    p.add_argument("--attribution-model", default=None, metavar="MODEL",
                   help="find speakers with a trained attribution model (framing train attribution)")
    _add_sources_option(p)
    _add_output_options(p, ("csv", "jsonl", "table"), "csv")
    p.set_defaults(func=_cmd_tag)

    p = sub.add_parser("attribute", help="who speaks: one row per quotation or reported statement",
                       description="Find quotations and reported speech and who they belong to.")
    _add_input_options(p)
    _add_sources_option(p)
    p.add_argument("--model", default=None, metavar="MODEL",
                   help="a trained attribution model (framing train attribution) instead of the rules")
    _add_output_options(p, ("jsonl", "csv", "table"), "jsonl")
    p.set_defaults(func=_cmd_attribute)

    p = sub.add_parser("report", help="one self-contained HTML report: charts, tables, highlighted articles",
                       description="Analyse articles and write one self-contained HTML report.")
    _add_input_options(p)
    p.add_argument("--out", "-o", required=True, metavar="FILE", help="the HTML file to write")
    _add_lexicon_option(p)
    _add_sources_option(p)
    p.add_argument("--title", default="framing report", help="the report's title")
    p.add_argument("--by", default="outlet", help="the column to compare (default: outlet)")
    p.add_argument("--ci", choices=("wilson", "bootstrap"), default="wilson", help="confidence intervals")
    p.add_argument("--attribution-model", default=None, metavar="MODEL",
                   help="find speakers with a trained attribution model (framing train attribution)")
    p.set_defaults(func=_cmd_report)

    p = sub.add_parser("kwic", help="keyword in context: a concordance of a term or category, by source",
                       description="A concordance of a term or category, aligned on it, grouped by source.")
    _add_input_options(p)
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--term", help="a codebook term (or the words as written)")
    which.add_argument("--category", help="a codebook category")
    p.add_argument("--width", type=int, default=60, help="characters of context on each side (default: 60)")
    p.add_argument("--by", default="outlet", help="group lines by this column (default: outlet)")
    _add_lexicon_option(p)
    _add_sources_option(p)
    _add_output_options(p, ("table", "csv", "jsonl", "html"), "table")
    p.set_defaults(func=_cmd_kwic)

    p = sub.add_parser("train", help="train a classifier (context, bias, words, frames, attribution) on your data",
                       description="Train a model on a CSV and save it (skops format, no pickle). "
                                   "attribution: on a brat folder (text/*.txt, attributions/*.ann) or a "
                                   "PolNeAR folder (with --split), saved as JSON; needs framing[crf].")
    p.add_argument("kind", choices=("context", "bias", "words", "frames", "attribution"))
    p.add_argument("--data", required=True, metavar="FILE",
                   help="CSV with texts and labels (or a coding sheet); attribution: a brat/PolNeAR folder")
    p.add_argument("--split", default="train", help="attribution: the PolNeAR split to learn from (default: train)")
    p.add_argument("--max-iterations", type=int, default=150, help="attribution: L-BFGS iterations (default: 150)")
    p.add_argument("--quiet", "-q", action="store_true", help="no progress bar")
    p.add_argument("--text-column", default="text")
    p.add_argument("--label-column", default="label")
    p.add_argument("--label-columns", default=None, help="frames: comma-separated columns of 0/1 labels")
    p.add_argument("--words-column", default="biased_words", help="words: the column listing loaded words")
    p.add_argument("--documents", nargs="*", metavar="PATH", help="context: the articles a coding sheet was made from")
    _add_sources_option(p)
    p.add_argument("--sep", default=None, help="CSV separator (default: guessed from the header)")
    p.add_argument("--out", "-o", required=True, metavar="MODEL", help="where to save the model (.skops)")
    p.set_defaults(func=_cmd_train, sample=False)

    p = sub.add_parser("predict", help="apply a trained model to a CSV",
                       description="Add prediction and probability columns to a CSV.")
    p.add_argument("data", metavar="FILE")
    p.add_argument("--model", required=True, metavar="MODEL")
    p.add_argument("--text-column", default="text")
    p.add_argument("--sep", default=None)
    p.add_argument("--out", "-o", default=None, metavar="OUT.csv")
    p.set_defaults(func=_cmd_predict)

    p = sub.add_parser("agreement", help="agreement between coders (Cohen's kappa, Krippendorff's alpha)",
                       description="Agreement between coded sheets: one CSV per coder.")
    p.add_argument("sheets", nargs="+", metavar="SHEET")
    _add_output_options(p, ("table", "csv", "jsonl"), "table")
    p.set_defaults(func=_cmd_agreement)

    p = sub.add_parser("suggest", help="candidate loaded terms the codebook lacks, ranked by uneven use",
                       description="Terms not in the codebook that sources use unevenly (log-odds), with examples.")
    _add_input_options(p)
    _add_lexicon_option(p)
    p.add_argument("--by", default="outlet")
    p.add_argument("--top", type=int, default=30)
    _add_output_options(p, ("table", "csv", "jsonl", "yaml"), "table")
    p.set_defaults(func=_cmd_suggest)

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
