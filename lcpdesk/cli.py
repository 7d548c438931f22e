"""The command line: the same services as the GUI, with no Qt.

Exit status: 0 success; 1 input refused or the store could not be used (nothing
written); 2 bad usage.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from lcpdesk import __version__, clock, paths
from lcpdesk.errors import Cancelled, UserFacingError
from lcpdesk.store.damage import shorten

if TYPE_CHECKING:
    from lcpdesk.store.db import Store

log = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_REFUSED = 1
EXIT_USAGE = 2


def version_text() -> str:
    """What ``--version`` prints: lcpdesk's version, its schema revision, Python's and Qt's."""
    import platform

    from lcpdesk.app import qt_version
    from lcpdesk.store.migrate import HEAD

    python = f"Python {platform.python_version()} ({platform.python_implementation()})"
    return f"lcpdesk {__version__}\nschema revision {HEAD}\n{python}\n{qt_version()}\n"


class _VersionAction(argparse.Action):
    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: object) -> None:
        help_text = kwargs.get("help")
        super().__init__(
            option_strings,
            dest,
            nargs=0,
            default=argparse.SUPPRESS,
            help=help_text if isinstance(help_text, str) else None,
        )

    def __call__(self, parser: argparse.ArgumentParser, *_args: object, **_kw: object) -> None:
        sys.stdout.write(version_text())
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--data-dir",
        type=Path,
        default=argparse.SUPPRESS,
        metavar="DIR",
        help="folder holding lcpdesk.sqlite (default: your local application-data folder)",
    )
    parser = argparse.ArgumentParser(
        prog="lcpdesk",
        description="lcpdesk: Local Care Partnership membership, maturity, goals and returns. "
        "With no command, opens the window.",
        parents=[common],
    )
    parser.add_argument(
        "--version",
        action=_VersionAction,
        help="print the version, the data file's schema revision, Python's and Qt's, and exit",
    )
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="check this installation in a temporary folder (store, demo data, every pane "
        "offscreen, a return written and read back) and exit 0, or 1 naming what failed",
    )
    parser.add_argument(
        "--demo", action="store_true", help="load the demo data into an empty store, then open"
    )
    parser.add_argument(
        "--no-error-dialogs",
        action="store_true",
        help="log messages and crash reports instead of showing dialogs (tests, smoke tests)",
    )
    parser.add_argument("--verbose", action="store_true", help="more detail in the log file")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    spc_cmd = commands.add_parser(
        "spc",
        help="read a series (date,value) and print each point as Making Data Count reads it",
        description="Print each reading with its mean, process limits and special-cause "
        "classification, the series' variation and assurance, and draw the XmR chart.",
    )
    spc_cmd.add_argument("file", type=Path, metavar="FILE.csv")
    spc_cmd.add_argument("--improvement", choices=("up", "down"), help="which way is better")
    spc_cmd.add_argument("--target", type=float, help="the target, for the assurance")
    spc_cmd.add_argument("--baseline", type=int, metavar="N", help="limits from N readings")
    spc_cmd.add_argument(
        "--recalculate",
        nargs="+",
        default=[],
        metavar="DATE",
        help="recalculate the limits from these dates (a sustained change, e.g. a new service)",
    )
    spc_cmd.add_argument("--format", choices=("csv", "json"), default="csv")
    spc_cmd.add_argument("-o", "--output", type=Path, metavar="chart.png|svg|pdf")

    commands.add_parser(
        "demo", parents=[common], help="load the built-in demo data (Leeds and LLR) headless"
    )

    imp = commands.add_parser(
        "import",
        parents=[common],
        help="import NHS Digital, ODS and footprint/membership definition files",
        description="Read the files (kind found from their content), show what would change, "
        "and write it all in one step, or nothing if any file is refused.",
    )
    imp.add_argument("files", nargs="+", type=Path, metavar="FILE")
    imp.add_argument("--area", help="the area definitions files are for (created if new)")
    imp.add_argument(
        "--effective",
        metavar="YYYY-MM-DD",
        help="when membership definitions take effect (default: the earliest extract date "
        "among the files, else today)",
    )
    imp.add_argument(
        "--dry-run", action="store_true", help="print what would change and write nothing"
    )
    imp.add_argument(
        "--yes",
        action="store_true",
        help="import even when the files end most of an area's memberships (refused without it)",
    )
    imp.add_argument(
        "--template",
        type=Path,
        metavar="DESCRIPTION.toml",
        help="read the workbook as a return described by this template description",
    )
    for name, what in (("template", "a blank return"), ("export", "a filled return")):
        ret = commands.add_parser(
            name,
            parents=[common],
            help=f"write {what} for a partnership and quarter (.xlsx)",
            description=f"Write {what} for a partnership and quarter, pre-filled from the store.",
        )
        ret.add_argument(
            "--partnership",
            required=name == "export",
            help="the partnership's name"
            + (
                " (without it: every partnership of --area, into the folder -o)"
                * (name == "template")
            ),
        )
        ret.add_argument("--period", required=True, help="a quarter, e.g. 2026/27 Q3")
        ret.add_argument("--area", help="the area, when the name is used in more than one")
        ret.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.xlsx|DIR")
        if name == "export":
            ret.add_argument(
                "--into",
                type=Path,
                metavar="PARTNER.xlsx",
                help="fill a copy of a partner's own workbook (.xlsx/.xlsm) instead; nothing "
                "else in it changes",
            )
            ret.add_argument(
                "--template",
                type=Path,
                metavar="DESCRIPTION.toml",
                help="the partner workbook's description (default: the saved one that "
                "recognises it)",
            )

    con = commands.add_parser(
        "consolidate",
        parents=[common],
        help="read a folder of returns for an area and quarter; write the master workbook",
        description="Read every workbook in the folder, keep for each partnership the newest "
        "return that passes, write each accepted return, and list every other file with its "
        "reasons. Exit 0 when every file was accepted or already read, 1 otherwise.",
    )
    con.add_argument("folder", type=Path, metavar="DIR")
    con.add_argument("--area", required=True, help="the area's name, e.g. Leeds")
    con.add_argument("--period", required=True, help="a quarter, e.g. 2026/27 Q3")
    con.add_argument(
        "-o", "--output", type=Path, metavar="MASTER.xlsx", help="write the master workbook"
    )
    con.add_argument(
        "--dry-run", action="store_true", help="print what would happen and write nothing"
    )

    table = commands.add_parser(
        "table",
        parents=[common],
        help="print an area's membership and footprint populations, one row per partnership",
    )
    table.add_argument("--area", required=True, help="the area's name, e.g. Leeds")
    table.add_argument(
        "--extract", metavar="YYYY-MM", help="the list-size extract month (default: the newest)"
    )
    table.add_argument("--format", choices=("csv", "json"), default="csv")

    goals = commands.add_parser(
        "goals",
        parents=[common],
        help="print a partnership's goals with their status, progress and milestones",
    )
    goals.add_argument("--partnership", required=True, help="the partnership's name, e.g. Armley")
    goals.add_argument("--area", help="the area, when the name is used in more than one")
    goals.add_argument("--format", choices=("csv", "json"), default="csv")

    resources = commands.add_parser(
        "resources",
        parents=[common],
        help="print an area's resource allocations, totals and warnings",
        description="CSV: one row per allocation (warnings on stderr). JSON: the allocations, "
        "totals per kind by sector, partner, goal and partnership, and the warnings.",
    )
    resources.add_argument("--area", required=True, help="the area's name, e.g. Leeds")
    resources.add_argument("--partnership", help="only this partnership (and its sub-units)")
    resources.add_argument(
        "--period",
        metavar="P",
        help="allocations running in a financial year (2024/25), a quarter (2024/25 Q2), "
        "a range (2024-04-01..2025-03-31) or on a date (2024-06-30)",
    )
    resources.add_argument("--format", choices=("csv", "json"), default="csv")

    report = commands.add_parser(
        "report",
        parents=[common],
        help="write a PDF report: a partnership's profile, or the area report",
        description="With --partnership, the partnership's profile (populations, maturity, "
        "goals, resources, return); with --area alone, the area report (a summary, then one "
        "section per partnership).",
    )
    report.add_argument("--partnership", help="the partnership's name, e.g. Armley")
    report.add_argument("--area", help="the area's name (required without --partnership)")
    report.add_argument(
        "--period", required=True, nargs="+", metavar="P", help="the period, e.g. 2020/21 Q2"
    )
    report.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.pdf")

    maturity = commands.add_parser(
        "maturity",
        parents=[common],
        help="print an area's agreed maturity levels for a period: partnerships × dimensions",
        description="One row per partnership: the assessment's status, then the agreed "
        "(consensus) level of each dimension; blank where not yet assessed.",
    )
    maturity.add_argument("--area", required=True, help="the area's name, e.g. Leeds")
    maturity.add_argument(
        "--period",
        required=True,
        nargs="+",  # so that an unquoted "2019/20 Q2" works too
        metavar="P",
        help="the assessment period, e.g. 2019/20 Q2",
    )
    maturity.add_argument("--format", choices=("csv", "json"), default="csv")

    commands.add_parser(
        "check",
        parents=[common],
        help="check the data file: SQLite's integrity, links, checksums and totals",
        description="Exit 0 when the data file is sound; 1, saying what is wrong, when not.",
    )
    commands.add_parser(
        "backup",
        parents=[common],
        help="back up the data file now (checked; kept in the data folder's backups/)",
    )
    restore = commands.add_parser(
        "restore",
        parents=[common],
        help="replace the data file with a backup (checked first; the current one backed up)",
    )
    restore.add_argument("file", type=Path, metavar="FILE", help="a backup, e.g. from backups/")
    return parser


def data_dir_of(args: argparse.Namespace) -> Path:
    chosen: Path | None = getattr(args, "data_dir", None)
    return chosen if chosen is not None else paths.default_data_dir()


def run_command(args: argparse.Namespace) -> int:
    """Run a headless command; return its exit status."""
    from lcpdesk.store.db import open_store

    if args.command == "spc":  # a file, not the store
        return _spc(args)
    if args.command == "restore":
        return _restore(args)
    writes = args.command in ("demo", "import")
    store = open_store(data_dir_of(args), writer=writes)
    if writes:
        from lcpdesk.store.writer import synced_warning

        warning = synced_warning(store.path)
        if warning:
            print(f"warning: {warning}", file=sys.stderr)
    try:
        if args.command == "check":
            return _check(store)
        if args.command == "backup":
            return _backup(store)
        from lcpdesk.services.checks import ensure_sound

        ensure_sound(store)
        if args.command == "demo":
            return _demo(store)
        if args.command == "table":
            return _table(store, args)
        if args.command == "import":
            return _import(store, args)
        if args.command == "maturity":
            return _maturity(store, args)
        if args.command == "report":
            return _report(store, args)
        if args.command == "goals":
            return _goals(store, args)
        if args.command == "resources":
            return _resources(store, args)
        if args.command == "template" and args.partnership is None:
            return _write_returns(store, args)
        if args.command in ("template", "export"):
            return _write_return(store, args)
        if args.command == "consolidate":
            return _consolidate(store, args)
        raise AssertionError(f"unknown command {args.command}")
    finally:
        store.close()


def _check(store: Store) -> int:
    from lcpdesk.services.checks import full_check

    report = full_check(store)
    if report.ok:
        print(
            f"{store.path} is sound: {report.rows:,} rows and {report.blocks:,} registration "
            "blocks checked."
        )
        return EXIT_OK
    print(f"lcpdesk: the data file {store.path} is damaged:", file=sys.stderr)
    for problem in report.problems:
        print(f"  {problem}", file=sys.stderr)
    from lcpdesk.store.damage import RESTORE_HINT

    print(RESTORE_HINT, file=sys.stderr)
    return EXIT_REFUSED


def _backup(store: Store) -> int:
    from lcpdesk.services.backups import backup_now

    made = backup_now(store)
    print(f"Backed up to {made.path} ({made.size:,} bytes), checked.")
    return EXIT_OK


def _restore(args: argparse.Namespace) -> int:
    from lcpdesk.services.backups import restore
    from lcpdesk.store.writer import WriterLock

    data_dir = data_dir_of(args)
    lock = WriterLock(paths.store_path(data_dir))
    lock.acquire()
    try:
        kept = restore(data_dir, args.file)
    finally:
        lock.release()
    print(f"Restored {paths.store_path(data_dir)} from {args.file}, checked.")
    print(f"The data file it replaced is kept as {kept}.")
    return EXIT_OK


def _demo(store: Store) -> int:
    from lcpdesk.services.demo import load_demo

    def show(fraction: float, text: str) -> None:
        print(f"\r{fraction:4.0%} {text:<50}", end="", file=sys.stderr, flush=True)

    summary = load_demo(store, progress=show if sys.stderr.isatty() else None)
    if sys.stderr.isatty():
        print(file=sys.stderr)
    print(
        f"Loaded the demo data: areas {', '.join(summary.areas)}; {summary.practices} practices; "
        f"{summary.registrations:,} practice-by-LSOA rows. Figures not published in the source "
        "documents are marked as demo estimates."
    )
    return EXIT_OK


def _table(store: Store, args: argparse.Namespace) -> int:
    from lcpdesk.services import reports
    from lcpdesk.services.membership import MembershipService

    service = MembershipService(store)
    area = service.area_named(args.area)
    extract = reports.pick_extract(service.extract_dates(area.id), args.extract)
    table = service.area_table(area.id, extract)
    text = reports.to_json(table) if args.format == "json" else reports.to_csv(table)
    sys.stdout.write(text)
    return EXIT_OK


def _goals(store: Store, args: argparse.Namespace) -> int:

    from lcpdesk.services import plan_reports
    from lcpdesk.services.goals import GoalsService

    service = GoalsService(store)
    area, unit = service.find_partnership(args.partnership, args.area)
    goals = service.goals(area.id, unit.id)
    today = clock.today()
    if args.format == "json":
        sys.stdout.write(plan_reports.goals_json(area.name, unit.name, goals, today))
    else:
        sys.stdout.write(plan_reports.goals_csv(goals, today))
    return EXIT_OK


def _resources(store: Store, args: argparse.Namespace) -> int:
    from lcpdesk.domain.allocation_periods import parse_period
    from lcpdesk.services import plan_reports
    from lcpdesk.services.goals import GoalsService
    from lcpdesk.services.membership import MembershipService
    from lcpdesk.services.resources import ResourcesService

    area = MembershipService(store).area_named(args.area)
    unit = None
    if args.partnership:
        unit = GoalsService(store).find_partnership(args.partnership, area.name)[1]
    period = parse_period(args.period) if args.period else None
    view = ResourcesService(store).view(area.id, unit.id if unit else None, period)
    if args.format == "json":
        sys.stdout.write(plan_reports.resources_json(view, unit.name if unit else None))
    else:
        sys.stdout.write(plan_reports.resources_csv(view))
        for warning in view.warnings:
            print(f"warning: {warning.text}", file=sys.stderr)
    return EXIT_OK


def _maturity(store: Store, args: argparse.Namespace) -> int:
    from lcpdesk.services import maturity_views
    from lcpdesk.services.maturity import MaturityService
    from lcpdesk.services.membership import MembershipService

    area = MembershipService(store).area_named(args.area)
    period = " ".join(args.period)
    heat = maturity_views.consensus_table(MaturityService(store), area, period)
    to_text = maturity_views.to_json if args.format == "json" else maturity_views.to_csv
    sys.stdout.write(to_text(heat))
    return EXIT_OK


def _report(store: Store, args: argparse.Namespace) -> int:
    from lcpdesk.services.report_area import area_report, profile_report

    period = " ".join(args.period)
    if args.partnership:
        out = profile_report(store, args.partnership, period, args.output, area=args.area)
    elif args.area:
        out = area_report(store, args.area, period, args.output)
    else:
        print("lcpdesk report: give --partnership, or --area for the area report", file=sys.stderr)
        return EXIT_USAGE
    print(f"Wrote {out}")
    return EXIT_OK


def _import(store: Store, args: argparse.Namespace) -> int:
    import datetime as dt

    from lcpdesk.errors import InputError
    from lcpdesk.services import importing

    effective = None
    if args.effective:
        try:
            effective = dt.date.fromisoformat(args.effective)
        except ValueError as exc:
            raise InputError(
                f"'{args.effective}' is not a date.", hint="Give it as YYYY-MM-DD."
            ) from exc
    tty = sys.stderr.isatty()
    # A return goes to the returns service (to become a file kind of the import registry).
    from lcpdesk.services import returns_files

    if args.template is not None or (
        len(args.files) == 1
        and (
            returns_files.is_return(args.files[0])
            or returns_files.is_partner_return(args.files[0], data_dir_of(args))
        )
    ):
        return _import_return(store, args)

    def show(fraction: float, text: str) -> None:
        print(f"\r{fraction:4.0%} {text:<60}", end="", file=sys.stderr, flush=True)

    extracts = importing.read_files(args.files, progress=show if tty else None)
    outcome = importing.run_import(
        store,
        extracts,
        importing.ImportOptions(area=args.area, effective_from=effective),
        commit=not args.dry_run,
        progress=show if tty else None,
        confirmed=args.yes,
    )
    if tty:
        print(file=sys.stderr)
    for line in outcome.lines:
        print(line)
    for line in outcome.warnings:
        print(f"Warning: {line}" + ("" if args.yes else " (import with --yes to confirm)"))
    if args.dry_run:
        print("Dry run: nothing was written.")
    return EXIT_OK


def _write_return(store: Store, args: argparse.Namespace) -> int:
    from lcpdesk.services.goals import GoalsService
    from lcpdesk.services.returns import ReturnsService

    _area, unit = GoalsService(store).find_partnership(args.partnership, args.area)
    filled = args.command == "export"
    service = ReturnsService(store)
    if filled and args.into is not None:
        from lcpdesk.services import returns_files

        content = service.gather(unit.id, args.period, filled=True)
        name, notes = returns_files.fill_partner(
            content, args.into, args.output, args.template, data_dir_of(args)
        )
        for note in notes:
            print(f"note: {note}", file=sys.stderr)
        print(
            f"Filled {args.into.name} ({name}) for {unit.name}, {content.cover.period}: "
            f"{args.output}."
        )
        return EXIT_OK
    content, notes = service.export(unit.id, args.period, args.output, filled=filled)
    for note in notes:
        print(f"note: {note}", file=sys.stderr)
    kind = "filled" if filled else "blank"
    print(f"Wrote the {kind} {content.cover.period} return of {unit.name} to {args.output}.")
    return EXIT_OK


def _progress_printer() -> Callable[[float, str], None] | None:
    if not sys.stderr.isatty():
        return None

    def show(fraction: float, text: str) -> None:
        print(f"\r{fraction:4.0%} {text[:60]:<60}", end="", file=sys.stderr, flush=True)

    return show


def _write_returns(store: Store, args: argparse.Namespace) -> int:
    from lcpdesk.errors import InputError
    from lcpdesk.services.returns_out import write_returns

    if not args.area:
        raise InputError(
            "Give --partnership for one return, or --area for every partnership's.",
            hint="e.g. lcpdesk template --area Leeds --period '2026/27 Q3' -o returns/",
        )
    written = write_returns(store, args.area, args.period, args.output,
                            progress=_progress_printer())  # fmt: skip
    if sys.stderr.isatty():
        print(file=sys.stderr)
    for path in written:
        print(path.name)
    print(f"Wrote {len(written)} pre-filled return(s) to {args.output}.")
    return EXIT_OK


def _consolidate(store: Store, args: argparse.Namespace) -> int:
    from lcpdesk.services.consolidate import consolidate

    result = consolidate(store, args.folder, args.area, args.period, dry_run=args.dry_run,
                         progress=_progress_printer())  # fmt: skip
    if sys.stderr.isatty():
        print(file=sys.stderr)
    for line in result.lines():
        print(line)
    if args.output is not None and not args.dry_run:
        from lcpdesk.services.master import write_master

        write_master(store, args.area, args.period, args.output)
        print(f"Wrote the master workbook to {args.output}.")
    return EXIT_OK if result.ok else EXIT_REFUSED


def _import_return(store: Store, args: argparse.Namespace) -> int:
    from lcpdesk.errors import InputError
    from lcpdesk.services import returns_files
    from lcpdesk.services.returns import ReturnsService

    if len(args.files) != 1:
        raise InputError("Import one return at a time.", hint="Give a single workbook.")
    path = args.files[0]
    read = returns_files.read_return(path, args.template, data_dir_of(args))
    service = ReturnsService(store)
    preview = service.preview(
        read.content, read.problems, file_name=path.name, sha256=read.sha256, locate=read.locate
    )
    for line in preview.lines():
        print(line)
    if args.dry_run:
        print("Dry run: nothing was written.")
        return EXIT_REFUSED if preview.refused else EXIT_OK
    if preview.refused:
        service.refuse(preview)
        print(f"lcpdesk: the return {path.name} was refused; nothing was written.", file=sys.stderr)
        for problem in preview.problems:
            print(str(problem), file=sys.stderr)
        return EXIT_REFUSED
    service.apply(preview)
    print("Accepted: written as one step." if not preview.is_empty else "Nothing changed.")
    return EXIT_OK


def _spc(args: argparse.Namespace) -> int:
    import datetime as dt

    from lcpdesk.errors import InputError
    from lcpdesk.services import spc_series

    try:
        dates = [dt.date.fromisoformat(d) for d in args.recalculate]
    except ValueError as exc:
        raise InputError("a --recalculate date is not a date", hint="Give YYYY-MM-DD.") from exc
    report = spc_series.analyse(
        spc_series.read_series(args.file),
        improvement=args.improvement,
        target=args.target,
        baseline=args.baseline,
        recalculate=dates,
    )
    print(
        spc_series.to_json(report) if args.format == "json" else spc_series.to_csv(report), end=""
    )
    if args.format == "csv":
        facts = spc_series.summary(report)
        print(f"Variation: {facts['variation']}", file=sys.stderr)
        if facts["assurance"]:
            print(f"Assurance: {facts['assurance']}", file=sys.stderr)
    for warning in report.warnings():
        print(f"Warning: {warning}", file=sys.stderr)
    if args.output is not None:
        import numpy as np

        from lcpdesk.charts.goals import xmr_figure
        from lcpdesk.charts.save import save_figure

        figure = xmr_figure(
            args.file.stem,
            "",
            np.array(report.dates, dtype="datetime64[D]"),
            report.chart,
            target=args.target,
            improvement=args.improvement,
        )
        print(f"Chart: {save_figure(figure, args.output)}", file=sys.stderr)
    return EXIT_OK


def report_refusal(exc: UserFacingError) -> None:
    print(f"lcpdesk: {shorten(exc.message, 1000)}", file=sys.stderr)
    if exc.hint:
        print(shorten(exc.hint, 1000), file=sys.stderr)


def _damage_behind(args: argparse.Namespace, exc: Exception) -> UserFacingError | None:
    """An unexpected error while the store was in use: when the data file is damaged, that is
    what the user is told (not a traceback); None when it is sound (a bug: report it)."""
    from lcpdesk.services.checks import damage_message

    return damage_message(data_dir_of(args), exc)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.self_test:
        from lcpdesk.ui.self_test import run_self_test

        return run_self_test()
    if args.command is None:
        from lcpdesk.app import run_gui

        return run_gui(args)
    from lcpdesk.logs import close_logging, log_dir_for, setup_logging

    setup_logging(log_dir_for(getattr(args, "data_dir", None)), verbose=args.verbose)
    try:
        return run_command(args)
    except UserFacingError as exc:
        log.warning("refused: %s", shorten(exc, 400))
        report_refusal(exc)
        return EXIT_REFUSED
    except Exception as exc:
        damaged = _damage_behind(args, exc)
        if damaged is None:
            raise
        log.warning("refused: %s", shorten(damaged, 400))
        report_refusal(damaged)
        return EXIT_REFUSED
    except Cancelled:
        print("lcpdesk: cancelled; nothing was written.", file=sys.stderr)
        return EXIT_REFUSED
    except KeyboardInterrupt:
        print("lcpdesk: interrupted; nothing was written.", file=sys.stderr)
        return EXIT_REFUSED
    finally:
        close_logging()
