"""The `s3kurs` command line: `validate`, `granska`, `stats`, `results summarize`, `export` and `handouts`."""
from __future__ import annotations

import argparse
import gc
import json
import sys
from collections import Counter

from .bank import BankError, load_bank
from .i18n import _, argparse_messages, ngettext
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
    if not args.paths and (project.root / "data" / "plans.yml").is_file():
        from .plans import load as load_plans

        problems += load_plans(project.root)[1]  # e.g. a plan whose slots do not add up to its length
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(ngettext("{count} problem in the question bank.", "{count} problems in the question bank.",
                       len(problems)).format(count=len(problems)), file=sys.stderr)
        return 1
    files = ngettext("{count} file", "{count} files", len(bank.files)).format(count=len(bank.files))
    ok = (ngettext("OK: {count} question in {files}, and the workshop exercises and plans.",
                   "OK: {count} questions in {files}, and the workshop exercises and plans.", len(bank.questions))
          if with_exercises else
          ngettext("OK: {count} question in {files}.", "OK: {count} questions in {files}.", len(bank.questions)))
    print(ok.format(count=len(bank.questions), files=files))
    return 0


def cmd_granska(args) -> int:
    from .granska import run

    return run(args.paths, Project.find(), as_json=args.json, strict=args.strict)


def statistics(bank) -> dict:
    from .model import LEVELS
    from .scoring import percent

    questions = bank.questions

    def levels(qs) -> dict:
        counts = Counter(q.level for q in qs)
        return {level: {"count": counts[level], "percent": percent(counts[level], len(qs))} for level in LEVELS}

    return {
        "total": len(questions),
        "per_module": {f.content.module: len(f.content.questions) for f in bank.files},
        "per_type": dict(Counter(q.type for q in questions)),
        "per_difficulty": {str(k): v for k, v in sorted(Counter(q.difficulty for q in questions).items())},
        "per_goal": dict(sorted(Counter(g for q in questions for g in q.goals).items())),
        "per_level": levels(questions),
        "per_module_level": {f.content.module: levels(f.content.questions) for f in bank.files},
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
    print(_("Questions in total: {count}").format(count=stats["total"]))
    for title, name in ((_("Per module"), "per_module"), (_("Per type"), "per_type"),
                        (_("Per difficulty"), "per_difficulty"), (_("Per learning goal"), "per_goal")):
        print("\n" + _("{heading}:").format(heading=title))
        for key, value in stats[name].items():
            print(f"  {key:<24} {value:>4}")
    print("\n" + _("Per cognitive level (share of the questions):"))
    for module, levels in [(_("all modules"), stats["per_level"]), *stats["per_module_level"].items()]:
        shares = ", ".join(f"{level} {v['count']} ({v['percent']} %)" for level, v in levels.items())
        print(f"  {module:<24} {shares}")
    return 0


def exercise_formats(project: Project) -> dict:
    """The exercise files' formats, from the project's exercise data (none without it)."""
    from .results import exercise_formats as formats
    from .workshop.exercises import ExerciseError, catalogue, exercises_file

    if not exercises_file(project).is_file():
        return {}
    try:
        scale, exercises = catalogue(project)
    except ExerciseError as exc:
        print(f"s3kurs: {exc}", file=sys.stderr)
        return {}
    return formats(exercises, scale)


def cmd_results_summarize(args) -> int:
    from pathlib import Path

    from .bank import require_bank
    from .results import as_json, chart, exercise_table, statistics, summarise, table

    project = Project.find()
    bank = require_bank(project)
    summary = summarise(args.files, bank, exercise_formats(project))
    for problem in summary.skipped:
        print(problem, file=sys.stderr)
    if not summary.files and not summary.exercise_files:
        print(_("No results file or exercise file could be read."), file=sys.stderr)
        return 1
    stats = statistics(summary, bank)
    if args.json:
        print(json.dumps(as_json(summary, bank, stats), ensure_ascii=False, indent=2))
        return 0
    parts = []
    if summary.files:
        parts.append(table(summary, bank, stats))
    if summary.exercise_files:
        parts.append(exercise_table(summary))
    print("\n\n".join(parts))
    if summary.files:
        chart(summary, Path(args.chart), stats)
        print("\n" + _("Chart: {path}").format(path=args.chart))
    return 0


def cmd_export(args) -> int:
    from pathlib import Path

    from .bank import require_bank
    from .export import ExportError, export
    from .scorm import FORMATS as SCORM_FORMATS

    project = Project.find()
    bank = require_bank(project)
    # The bank lives until the command ends: moved out of the collector's reach, it is not scanned
    # again at every collection while the export makes its many small objects (a third of the time).
    gc.freeze()
    if args.format in SCORM_FORMATS:
        return export_scorm(args, project, bank)
    unknown = [m for m in args.module if m not in bank.modules]
    if unknown:
        print("s3kurs: " + _("no module {names}: use one of {known}").format(
            names=", ".join(unknown), known=", ".join(bank.modules)), file=sys.stderr)
        return 2
    notes: list[str] = []
    try:
        result = export(bank, args.format, args.module, project=project, ordering=args.ordering,
                        qti_true_false=args.qti_true_false, notes=notes)
    except ExportError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print("s3kurs: " + _("{count} text(s) cannot be written as {format}; nothing was written.").format(
            count=len(exc.problems), format=args.format), file=sys.stderr)
        return 1
    for note in notes:
        print(f"s3kurs: {note}", file=sys.stderr)
    data = result if isinstance(result, bytes) else result.encode("utf-8")
    output = args.output or ("s3kurs-qti.zip" if args.format == "qti" else None)
    if output is None:
        # UTF-8 bytes whatever the console's encoding: the XML declares UTF-8, and a cp1252 console would crash
        stream = getattr(sys.stdout, "buffer", None)
        if stream is None:  # a text-only stream, e.g. in tests
            sys.stdout.write(result if isinstance(result, str) else data.decode("utf-8"))
        else:
            sys.stdout.flush()
            stream.write(data)
            stream.flush()
        return 0
    path = Path(output)
    path.write_bytes(data)  # bytes, so that no newline translation touches the CSV's line ends
    print(_("Wrote {path} ({format}).").format(path=path, format=args.format), file=sys.stderr)
    return 0


def export_scorm(args, project, bank) -> int:
    """The whole course, from the built site, as a SCORM package (a zip) for an LMS."""
    from pathlib import Path

    from .scorm import ScormError, build, default_output

    if args.module:
        print("s3kurs: " + _("a SCORM package holds the whole course: leave out --module"), file=sys.stderr)
        return 2
    try:
        data, count = build(project, bank, args.format)
    except ScormError as exc:
        print(f"s3kurs: {exc}", file=sys.stderr)
        return 1
    path = Path(args.output) if args.output else default_output(project, args.format)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    print(_("Wrote {path}: a SCORM package of the course, {count} files.").format(path=path, count=count),
          file=sys.stderr)
    return 0


def cmd_new_module(args) -> int:
    from .newmodule import NewModuleError, create

    project = Project.find()
    try:
        written = create(project, args.number, args.title)
    except NewModuleError as exc:
        print(f"s3kurs: {exc}", file=sys.stderr)
        return 1
    for path in written:
        print(path.relative_to(project.root))
    print(_("Now write the lesson and at least {count} questions in quizzes/modul-{number}.yml, then run make test.")
          .format(count=15, number=args.number), file=sys.stderr)
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


@argparse_messages()
def parse(argv=None) -> argparse.Namespace:
    """The command line, with argparse's own messages in Swedish too (`i18n.argparse_messages`)."""
    parser = argparse.ArgumentParser(prog="s3kurs", description=_("Tools for the s3kurs question bank."))
    sub = parser.add_subparsers(dest="command", required=True, title=_("commands"), metavar=_("COMMAND"))
    validate = sub.add_parser("validate", help=_(
        "check the question files (default: all of quizzes/, and the workshop exercises and plans)"))
    validate.add_argument("paths", nargs="*", metavar=_("PATH"), help=_("files or folders"))
    validate.set_defaults(func=cmd_validate)
    granska = sub.add_parser("granska", help=_("check the items against item-writing rules (length, wording, levels)"))
    granska.add_argument("paths", nargs="*", metavar=_("PATH"), help=_("files or folders (default: all of quizzes/)"))
    granska.add_argument("--json", action="store_true", help=_("print JSON"))
    granska.add_argument("--strict", action="store_true", help=_("exit with 1 on item-level warnings too"))
    granska.set_defaults(func=cmd_granska)
    stats = sub.add_parser("stats", help=_("count questions per module, type, difficulty and goal"))
    stats.add_argument("paths", nargs="*", metavar=_("PATH"), help=_("files or folders"))
    stats.add_argument("--json", action="store_true", help=_("print JSON"))
    stats.set_defaults(func=cmd_stats)
    results = sub.add_parser("results", help=_("work with learners' results files"))
    results_sub = results.add_subparsers(dest="action", required=True, title=_("commands"), metavar=_("COMMAND"))
    summarize = results_sub.add_parser("summarize", help=_("summarise a group's results files and exercise files"))
    summarize.add_argument("files", nargs="+", metavar=_("FILE"), help=_(
        "results files downloaded from 'Min progress' (.json) and exercise files saved by the exercises (.csv)"))
    summarize.add_argument("--chart", default="resultat.png", metavar=_("FILE"),
                           help=_("where to write the chart (PNG; default: `resultat.png`)"))
    summarize.add_argument("--json", action="store_true", help=_("print the figures and item statistics as JSON (no chart)"))
    summarize.set_defaults(func=cmd_results_summarize)
    from .export import FORMATS
    from .scorm import FORMATS as SCORM_FORMATS

    exporter = sub.add_parser("export", help=_("export the bank for a learning platform"))
    exporter.add_argument("--format", required=True, choices=(*FORMATS, *SCORM_FORMATS),
                          help=_("the learning platform's format"))
    exporter.add_argument("--output", metavar=_("FILE"),
                          help=_("file to write (default: standard output; for `qti` `s3kurs-qti.zip`; for `scorm12` "
                                 "and `scorm2004` `_build/s3kurs-FORMAT.zip`, from the built site)"))
    exporter.add_argument("--module", action="append", default=[], metavar=_("MODULE"),
                          help=_("only this module (repeatable)"))
    from .export import ORDERING_MODES, QTI_TRUE_FALSE_MODES

    exporter.add_argument("--ordering", choices=ORDERING_MODES, default="native", help=_(
        "ordering questions in Moodle XML and GIFT: native (Moodle's ordering type, Moodle 4.4 and later) "
        "or matching (older Moodle; in GIFT the rows may then be shuffled)"))
    exporter.add_argument("--qti-true-false", choices=QTI_TRUE_FALSE_MODES, default="native", help=_(
        "true/false questions for Canvas: native (Canvas's true/false type, answers shown as True and False) "
        "or swedish (multiple choice with the answers Sant and Falskt)"))
    exporter.set_defaults(func=cmd_export)
    new_module = sub.add_parser("ny-modul", help=_("write the skeleton of a new module (lesson, question file, "
                                                   "notebook) and add it to _toc.yml and the home page"))
    new_module.add_argument("number", type=int, metavar=_("NUMBER"), help=_("the module's number, e.g. 7"))
    new_module.add_argument("title", metavar=_("TITLE"), help=_("the module's title, e.g. \"Uppföljning\""))
    new_module.set_defaults(func=cmd_new_module)
    handouts = sub.add_parser("handouts", help=_(
        "print a PDF handout and an answer key per module (needs the built site)"))
    handouts.add_argument("--output", metavar=_("FOLDER"), help=_("folder to write to (default: _build/utskrifter)"))
    handouts.add_argument("--module", action="append", default=[], metavar=_("MODULE"),
                          help=_("only this module (repeatable)"))
    handouts.set_defaults(func=cmd_handouts)
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse(argv)
    try:
        return args.func(args)
    except ProjectNotFound as exc:
        print(f"s3kurs: {exc}", file=sys.stderr)
        return 2
    except BankError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(_("The question bank has problems: run 's3kurs validate'."), file=sys.stderr)
        return 1
    except BrokenPipeError:  # output piped into e.g. `head`
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    sys.exit(main())
