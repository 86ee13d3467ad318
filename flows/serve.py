"""``restrack serve INBOX --out DIR --cron "…"``: the ``process`` flow as a scheduled deployment.

It registers a deployment of the flow with the Prefect server (``PREFECT_API_URL``) and
serves it from this process: on every tick of the schedule, and whenever someone triggers
it (``prefect deployment run 'process/NAME'`` or the UI), INBOX is processed into DIR.
Documents already in DIR's cache are not read again, so each run costs what is new. One
run at a time (the run folder is locked anyway); stop it with Ctrl-C.
"""
from __future__ import annotations

import argparse
import dataclasses
import sys

DEFAULT_NAME = "restrack-inbox"


def register(sub) -> None:
    from .cli import add_run_options

    p = sub.add_parser("serve", help="process a folder on a schedule (a Prefect deployment)",
                       description="Register a deployment of the process flow that processes "
                       "INBOX into --out on a schedule, and serve it until stopped. Needs a "
                       "Prefect server (PREFECT_API_URL).")
    p.add_argument("inputs", nargs="+", metavar="INBOX")
    add_run_options(p)
    when = p.add_mutually_exclusive_group()
    when.add_argument("--cron", metavar="EXPR", help='schedule as a cron expression, e.g. "*/30 * * * *"')
    when.add_argument("--interval", type=float, metavar="SECONDS", help="schedule as an interval")
    p.add_argument("--name", default=DEFAULT_NAME, help=f"deployment name (default {DEFAULT_NAME})")
    p.set_defaults(handler=cmd_serve)


def deployment_parameters(options) -> dict:
    """The flow's parameters as the deployment stores them (plain JSON)."""
    record = dataclasses.asdict(options)
    record["inputs"] = list(record["inputs"])
    record["progress"] = False
    return {"options": record}


def cmd_serve(args: argparse.Namespace) -> int:
    from .cli import EXIT_OK, EXIT_USAGE, _quiet_task_logs, run_failed, run_options
    from .server import configured_api_url

    options = run_options(args)
    if isinstance(options, str):
        print(f"restrack: error: {options}", file=sys.stderr)
        return EXIT_USAGE
    if not configured_api_url():
        print("restrack: error: serve needs a Prefect server: start one (prefect server start) "
              "and set PREFECT_API_URL", file=sys.stderr)
        return EXIT_USAGE
    from .process import EngineMissing, check_engine, process

    try:
        check_engine(options)
    except EngineMissing as exc:
        print(f"restrack: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    _quiet_task_logs()
    try:
        process.serve(name=args.name, cron=args.cron, interval=args.interval,
                   parameters=deployment_parameters(options), limit=1, print_starting_message=True)
    except KeyboardInterrupt:
        return EXIT_OK
    except Exception as exc:
        return run_failed(exc)
    return EXIT_OK
