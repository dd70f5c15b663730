"""The `s3kurs` command line: `validate`, `stats`, `results summarize`, `export` and `handouts`."""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter

from .bank import BankError, load_bank
from .i18n import _
from .project import Project, ProjectNotFound


def _load(paths, project: Project | None = None):
    return load_bank(paths or None, project or Project.find())


def cmd_validate(args) -> int:
    from .workshop.exercises import check, exercises_file

    project = Project.find()
    bank, problems = _load(args.paths, project)
    # the whole project: its questions and, where it has them, its workshop exercises
    with_exercises = not args.paths and exercises_file(project).is_file()
    if with_exercises:
        problems += check(project, set(project.sections))[1]
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem(s) in the question bank.", file=sys.stderr)
        return 1
    exercises = ", and the workshop exercises" if with_exercises else ""
    print(f"OK: {len(bank.questions)} questions in {len(bank.files)} file(s){exercises}.")
    return 0


def statistics(bank) -> dict:
    questions = bank.questions
    return {
        "total": len(questions),
        "per_module": {f.content.module: len(f.content.questions) for f in bank.files},
        "per_type": dict(Counter(q.type for q in questions)),
        "per_difficulty": {str(k): v for k, v in sorted(Counter(q.difficulty for q in questions).items())},
        "per_goal": dict(sorted(Counter(g for q in questions for g in q.goals).items())),
    }


def cmd_stats(args) -> int:
    bank, problems = _load(args.paths)
    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        return 1
    stats = statistics(bank)
    if args.json:
        print(json.dumps(stats, ensure_ascii=False, indent=2))
        return 0
    print(f"Frågor totalt: {stats['total']}")
    for title, name in (("Per modul", "per_module"), ("Per typ", "per_type"),
                        ("Per svårighetsgrad", "per_difficulty"), ("Per lärandemål", "per_goal")):
        print(f"\n{title}:")
        for key, value in stats[name].items():
            print(f"  {key:<24} {value:>4}")
    return 0


def cmd_results_summarize(args) -> int:
    from pathlib import Path

    from .bank import require_bank
    from .results import chart, summarise, table

    bank = require_bank(Project.find())
    summary = summarise(args.files, bank)
    for problem in summary.skipped:
        print(problem, file=sys.stderr)
    if not summary.files:
        print(_("No results file could be read."), file=sys.stderr)
        return 1
    print(table(summary, bank))
    chart(summary, Path(args.chart))
    print("\n" + _("Chart: {path}").format(path=args.chart))
    return 0


def cmd_export(args) -> int:
    from pathlib import Path

    from .bank import require_bank
    from .export import export

    bank = require_bank(Project.find())
    unknown = [m for m in args.module if m not in bank.modules]
    if unknown:
        print(f"s3kurs: no module {', '.join(unknown)}: use one of {', '.join(bank.modules)}", file=sys.stderr)
        return 2
    result = export(bank, args.format, args.module)
    output = args.output or ("s3kurs-qti.zip" if args.format == "qti" else None)
    if output is None:
        sys.stdout.write(result)
        return 0
    path = Path(output)
    if isinstance(result, bytes):
        path.write_bytes(result)
    else:
        path.write_text(result, encoding="utf-8")
    print(f"Wrote {path} ({args.format}).", file=sys.stderr)
    return 0


def cmd_handouts(args) -> int:
    from pathlib import Path

    from .bank import require_bank
    from .handouts import HandoutError, build

    project = Project.find()
    bank = require_bank(project)
    unknown = [m for m in args.module if m not in bank.modules]
    if unknown:
        print("s3kurs: " + _("no module {names}: use one of {known}").format(
            names=", ".join(unknown), known=", ".join(bank.modules)), file=sys.stderr)
        return 2
    try:
        pdfs = build(project, bank, args.module, Path(args.output) if args.output else None)
    except HandoutError as exc:
        print(f"s3kurs: {exc}", file=sys.stderr)
        return 1
    for pdf in pdfs:
        print(pdf)
    folder = Path(args.output) if args.output else pdfs[0].parent if pdfs else "-"
    print(_("{count} PDF files in {folder}").format(count=len(pdfs), folder=folder), file=sys.stderr)
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="s3kurs", description="Tools for the s3kurs question bank.")
    sub = parser.add_subparsers(dest="command", required=True)
    validate = sub.add_parser("validate", help="check question files (default: all of quizzes/)")
    validate.add_argument("paths", nargs="*", help="files or folders")
    validate.set_defaults(func=cmd_validate)
    stats = sub.add_parser("stats", help="count questions per module, type, difficulty and goal")
    stats.add_argument("paths", nargs="*", help="files or folders")
    stats.add_argument("--json", action="store_true", help="print JSON")
    stats.set_defaults(func=cmd_stats)
    results = sub.add_parser("results", help="work with learners' results files")
    results_sub = results.add_subparsers(dest="action", required=True)
    summarize = results_sub.add_parser("summarize", help="summarise a group's results files")
    summarize.add_argument("files", nargs="+", help="results files downloaded from 'Min progress'")
    summarize.add_argument("--chart", default="resultat.png", help="where to write the chart (PNG)")
    summarize.set_defaults(func=cmd_results_summarize)
    from .export import FORMATS

    exporter = sub.add_parser("export", help="export the bank for a learning platform")
    exporter.add_argument("--format", required=True, choices=FORMATS)
    exporter.add_argument("--output", help="file to write (default: standard output; for qti s3kurs-qti.zip)")
    exporter.add_argument("--module", action="append", default=[], help="only this module (repeatable)")
    exporter.set_defaults(func=cmd_export)
    handouts = sub.add_parser("handouts", help="print a PDF handout and an answer key per module (needs the built site)")
    handouts.add_argument("--output", help="folder to write to (default: _build/utskrifter)")
    handouts.add_argument("--module", action="append", default=[], help="only this module (repeatable)")
    handouts.set_defaults(func=cmd_handouts)
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except ProjectNotFound as exc:
        print(f"s3kurs: {exc}", file=sys.stderr)
        return 2
    except BankError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print("The question bank has problems: run 's3kurs validate'.", file=sys.stderr)
        return 1
    except BrokenPipeError:  # output piped into e.g. `head`
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    sys.exit(main())
