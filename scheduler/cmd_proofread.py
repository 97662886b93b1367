"""`patrol proofread [FILE|-] [--lines] [--format text|json] [--dictionary PATH ...]`.

Runs every content check on a draft (先审后发, 国办发〔2018〕123号): the whole input as one
document, or with ``--lines`` one document per line. ``--format json`` prints JSON Lines
``{"line": N, "findings": [{"check", "severity", "span", "text", "suggestion", "source"}]}``
(N from 1; one record for the whole input without ``--lines``; spans are character offsets
into that line or document). Severities come from the default profile (jiangsu).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from checks.rules import Rules, load_profile
from checks.text import TextHit, load_dictionaries, proofread
from scheduler.errors import UsageError

DEFAULT_PROFILE = "jiangsu"


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("proofread", help="run the content checks on a draft before publishing")
    parser.add_argument("file", nargs="?", default="-", help="text file to check (default: standard input)")
    parser.add_argument("--lines", action="store_true", help="check each line as a separate document")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    parser.add_argument(
        "--dictionary", action="append", default=[], metavar="PATH", help="an office's dictionary or roster file"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    text = _read(args.file)
    dictionaries = load_dictionaries(args.dictionary)
    rules = load_profile(DEFAULT_PROFILE)
    documents = text.splitlines() if args.lines else [text]
    for number, document in enumerate(documents, 1):
        hits = proofread(document, dictionaries)
        if args.format == "json":
            record = {"line": number, "findings": [_record(hit, rules) for hit in hits]}
            print(json.dumps(record, ensure_ascii=False))
        else:
            for hit in hits:
                start, end = hit.span
                where = f"{number}:{start}-{end}" if args.lines else f"{start}-{end}"
                suggestion = f" -> {hit.suggestion}" if hit.suggestion else ""
                print(f"{where} {hit.check} ({rules.severity(hit.check)}) {hit.text}{suggestion}  [{hit.source}]")
    return 0


def _record(hit: TextHit, rules: Rules) -> dict[str, object]:
    return {
        "check": hit.check,
        "severity": rules.severity(hit.check),
        "span": list(hit.span),
        "text": hit.text,
        "suggestion": hit.suggestion,
        "source": hit.source,
    }


def _read(name: str) -> str:
    if name == "-":
        return sys.stdin.read()
    try:
        return Path(name).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"{name}: {getattr(exc, 'strerror', None) or exc}") from exc
