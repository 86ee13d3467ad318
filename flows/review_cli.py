"""``restrack review serve|user add|export|import|corpus`` and ``restrack export``: the
reviewers' loop.

A thin layer over ``extractors.web`` (the review page, served by uvicorn),
``extractors.review``, ``extractors.export`` and ``extractors.corpus``; none of these
commands needs Prefect.

Exit codes: 0 done (an import that finds nothing new is done too); 1 the file has invalid
cells and nothing of it was applied (import), or there is nothing to write (corpus: no
accepted or corrected rows); 2 usage errors: a missing file or folder, a folder that is not
the output of ``restrack run``, a file that is not a review workbook or CSV, an empty
reviewer name or one that cannot be a reviewer's, a format whose package is not installed.
"""
from __future__ import annotations

import sys
from pathlib import Path

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
# extractors.export.FORMATS, repeated so that building the parser imports nothing heavy.
FORMATS = ("parquet", "csv", "jsonl", "duckdb")


def register(sub) -> None:
    review = sub.add_parser("review", help="review page and workbook, import corrections, training corpus",
                            description="The reviewers' loop: serve the review page, write a "
                            "review workbook, import an edited one into the corrections log, "
                            "turn reviewed rows into NER training data.")
    rsub = review.add_subparsers(dest="review_command", required=True, metavar="COMMAND")

    ex = rsub.add_parser("export", help="write review.xlsx with every logged correction applied",
                         description="Write DIR/review.xlsx (or --to PATH) from the run in DIR "
                         "with the whole corrections log applied.")
    ex.add_argument("dir", metavar="DIR", help="output folder of restrack run")
    ex.add_argument("--to", metavar="PATH", help="where to write the workbook (default DIR/review.xlsx)")
    ex.set_defaults(handler=cmd_review_export)

    im = rsub.add_parser("import", help="log the changed cells of an edited review.xlsx or CSV",
                         description="Compare FILE (an edited review.xlsx, or a CSV with the "
                         "targets.csv columns) with what it was written with and append one "
                         "entry per changed cell to DIR/corrections.jsonl. Invalid cells are "
                         "listed by sheet, row and column and nothing of FILE is applied "
                         "(exit 1). Importing the same file again changes nothing.")
    im.add_argument("file", metavar="FILE")
    im.add_argument("--out", required=True, metavar="DIR", help="output folder of restrack run")
    im.add_argument("--reviewer", required=True, metavar="NAME", help="who made the changes")
    im.set_defaults(handler=cmd_review_import)

    co = rsub.add_parser("corpus", help="accepted and corrected rows as spaCy DocBins (BODY spans)",
                         description="Write one spaCy DocBin per language (<lang>.spacy) of the "
                         "sentences of accepted and corrected rows, with BODY entities, and "
                         "corpus.json, into --out (default DIR/corpus).")
    co.add_argument("dir", metavar="DIR", help="output folder of restrack run")
    co.add_argument("--out", metavar="PATH", help="folder for the DocBins (default DIR/corpus)")
    co.set_defaults(handler=cmd_review_corpus)

    sv = rsub.add_parser("serve", help="the review page: a web workbench over the run folder",
                         description="Serve the review page over the run in DIR: the queue, each "
                         "row in its document, decisions logged to DIR/corrections.jsonl like an "
                         "import. Reviewers log in with a token (restrack review user add).")
    sv.add_argument("dir", metavar="DIR", help="output folder of restrack run")
    sv.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    sv.add_argument("--port", type=int, default=8765, help="port (default 8765)")
    sv.set_defaults(handler=cmd_review_serve)

    us = rsub.add_parser("user", help="reviewers of the review page",
                         description="Manage the reviewers who may use the review page of DIR.")
    usub = us.add_subparsers(dest="user_command", required=True, metavar="COMMAND")
    ua = usub.add_parser("add", help="add a reviewer (or give one a new token); prints the token once",
                         description="Add reviewer NAME to DIR/reviewers.json (only a SHA-256 of "
                         "the token is kept) and print the token once, as the last line. Adding "
                         "a name again replaces its token.")
    ua.add_argument("name", metavar="NAME")
    ua.add_argument("--out", required=True, metavar="DIR", help="output folder of restrack run")
    ua.set_defaults(handler=cmd_review_user_add)

    xp = sub.add_parser("export", help="the reviewed dataset for downstream systems",
                        description="Write the reviewed dataset of the run in DIR (corrections "
                        "applied, rejected rows left out unless --include-rejected) with a JSON "
                        "Schema per table and manifest.json.")
    xp.add_argument("dir", metavar="DIR", help="output folder of restrack run")
    xp.add_argument("--format", required=True, choices=FORMATS)
    xp.add_argument("--to", metavar="PATH", help="folder (default DIR/export); for duckdb also a "
                    "file ending in .duckdb")
    xp.add_argument("--include-rejected", action="store_true", help="keep rows reviewers rejected")
    xp.set_defaults(handler=cmd_export)


def _err(msg: str) -> None:
    print(f"restrack: error: {msg}", file=sys.stderr)


def _run_folder(path: str) -> Path | None:
    from extractors.io.runfolder import is_run_folder

    p = Path(path)
    if not p.is_dir():
        _err(f"no such folder: {path}")
        return None
    if not is_run_folder(p):
        _err(f"{path} is not the output of restrack run (no documents and targets tables)")
        return None
    return p


def cmd_review_export(args) -> int:
    from extractors.export import export_workbook

    out = _run_folder(args.dir)
    if out is None:
        return EXIT_USAGE
    path, report = export_workbook(out, Path(args.to) if args.to else None)
    for line in report.lines():
        print(line, file=sys.stderr)
    print(f"written {path}")
    return EXIT_OK


def cmd_review_import(args) -> int:
    from extractors.io.workbook import ReviewFileError
    from extractors.review import InvalidReview, import_review

    if not Path(args.file).is_file():
        _err(f"no such file: {args.file}")
        return EXIT_USAGE
    out = _run_folder(args.out)
    if out is None:
        return EXIT_USAGE
    if not args.reviewer.strip():
        _err("--reviewer needs a name")
        return EXIT_USAGE
    try:
        report = import_review(Path(args.file), out, args.reviewer)
    except ReviewFileError as exc:
        _err(str(exc))
        return EXIT_USAGE
    except InvalidReview as exc:
        print(f"restrack: {exc.path.name}: {len(exc.errors)} invalid cell(s); nothing was imported",
              file=sys.stderr)
        for line in exc.errors:
            print(f"  {line}", file=sys.stderr)
        return EXIT_FAILED
    for line in report.lines():
        print(line)
    return EXIT_OK


def cmd_review_serve(args) -> int:
    import uvicorn

    from extractors.io.reviewers import read_reviewers
    from extractors.web.app import create_app

    out = _run_folder(args.dir)
    if out is None:
        return EXIT_USAGE
    if not 0 < args.port < 65536:
        _err("--port must be between 1 and 65535")
        return EXIT_USAGE
    app = create_app(out)
    bench = app.state.bench
    if not read_reviewers(out):
        print(f"restrack: no reviewers yet: add one with restrack review user add NAME --out {args.dir}",
              file=sys.stderr)
    print(f"restrack: review page of {out} ({len(bench.rows):,} rows, {len(bench.documents):,} documents) "
          f"on http://{args.host}:{args.port}/", file=sys.stderr, flush=True)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning", access_log=False)
    return EXIT_OK


def cmd_review_user_add(args) -> int:
    from extractors.io.corrections_log import now_utc
    from extractors.io.reviewers import write_reviewer
    from extractors.web.auth import check_name, new_token, token_digest

    out = _run_folder(args.out)
    if out is None:
        return EXIT_USAGE
    problem = check_name(args.name)
    if problem:
        _err(problem)
        return EXIT_USAGE
    token = new_token()
    write_reviewer(out, args.name, token_digest(token), now_utc())
    print(f"reviewer {args.name} can log in to the review page of {out} with this token "
          "(shown once; only its hash is kept):", file=sys.stderr)
    print(token)
    return EXIT_OK


def cmd_review_corpus(args) -> int:
    from extractors.corpus import build_corpus

    out = _run_folder(args.dir)
    if out is None:
        return EXIT_USAGE
    result = build_corpus(out, Path(args.out) if args.out else None)
    for line in result.lines():
        print(line)
    return EXIT_OK if result.docs else EXIT_FAILED


def cmd_export(args) -> int:
    from extractors.export import export_dataset

    out = _run_folder(args.dir)
    if out is None:
        return EXIT_USAGE
    try:
        result = export_dataset(out, args.format, Path(args.to) if args.to else None,
                                include_rejected=args.include_rejected)
    except RuntimeError as exc:  # an optional package is missing
        _err(str(exc))
        return EXIT_USAGE
    rows = ", ".join(f"{n} {t}" for t, n in result.rows.items())
    left = f"; {result.rejected_left_out} rejected rows left out" if result.rejected_left_out else ""
    print(f"exported {rows}{left} as {args.format} to {result.path}")
    return EXIT_OK
