"""``lcpdesk spc``: a series of readings from a CSV file, as Making Data Count reads it.

:func:`read_series` reads ``date,value`` rows (a header row is optional; dates as
``2024-04-01`` or ``01/04/2024``). :func:`analyse` gives each point its segment's mean and
process limits and its special-cause classification in words, and the series' variation
and assurance (the icons' words); :func:`to_csv` and :func:`to_json` print them.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lcpdesk.domain import spc
from lcpdesk.errors import InputError, Location


@dataclass(frozen=True)
class SeriesReport:
    dates: tuple[dt.date, ...]
    chart: spc.XmR
    improvement: str | None
    target: float | None

    def classification(self, index: int) -> str:
        signal = self.chart.signal_at(index)
        if signal is None:
            return spc.COMMON_CAUSE
        return {
            spc.IMPROVEMENT: spc.SPECIAL_IMPROVEMENT,
            spc.CONCERN: spc.SPECIAL_CONCERN,
            spc.NEITHER: spc.SPECIAL_NEITHER,
        }[signal.variation(self.improvement)]

    def rows(self) -> list[dict[str, Any]]:
        out = []
        for i, (when, value) in enumerate(zip(self.dates, self.chart.values, strict=True)):
            seg = self.chart.segment_at(i)
            signal = self.chart.signal_at(i)
            out.append(
                {
                    "date": when.isoformat(),
                    "value": value,
                    "mean": round(seg.mean, 4),
                    "lower_limit": round(seg.lower, 4),
                    "upper_limit": round(seg.upper, 4),
                    "classification": self.classification(i),
                    "rules": "; ".join(signal.rules) if signal else "",
                }
            )
        return out

    def warnings(self) -> list[str]:
        said = []
        if self.chart.trial:
            said.append(
                f"Trial limits: fewer than {spc.TRIAL_BELOW} readings set the limits; "
                "read them with care."
            )
        return said


def _date(text: str) -> dt.date:
    text = text.strip()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return dt.datetime.strptime(text, "%d/%m/%Y").date()


def read_series(path: Path) -> list[tuple[dt.date, float]]:
    """The (date, value) readings of a CSV file, in date order."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise InputError(f"cannot read {path.name}: {exc.strerror}") from exc
    found: list[tuple[dt.date, float]] = []
    for line, row in enumerate(csv.reader(io.StringIO(text)), start=1):
        if not row or not "".join(row).strip():
            continue
        if len(row) < 2:
            raise InputError(
                "a row needs a date and a value",
                where=Location(file=path.name, line=line),
                hint="Give two columns: date,value.",
            )
        try:
            found.append((_date(row[0]), float(row[1].replace(",", ""))))
        except ValueError:
            if line == 1 and not found:
                continue  # a header row
            raise InputError(
                f"'{row[0]}', '{row[1]}' is not a date and a number",
                where=Location(file=path.name, line=line),
                hint="Dates as 2024-04-01 or 01/04/2024; values as numbers.",
            ) from None
    if len(found) < 2:
        raise InputError(f"{path.name} holds fewer than two readings", hint="Give at least two.")
    return sorted(found)


def analyse(
    series: Sequence[tuple[dt.date, float]],
    *,
    improvement: str | None = None,
    target: float | None = None,
    baseline: int | None = None,
    recalculate: Sequence[dt.date] = (),
) -> SeriesReport:
    """The XmR chart of ``series``, limits recalculated from the first reading on or after
    each date in ``recalculate``."""
    dates = tuple(d for d, _v in series)
    breaks = []
    for when in recalculate:
        index = next((i for i, d in enumerate(dates) if d >= when), None)
        if index is None:
            raise InputError(f"no reading on or after {when.isoformat()} to recalculate from")
        breaks.append(index)
    notes = [f"from {dates[b].isoformat()}" for b in sorted(breaks)]
    chart = spc.xmr([v for _d, v in series], baseline=baseline, breaks=breaks, notes=notes)
    return SeriesReport(dates, chart, improvement, target)


def summary(report: SeriesReport) -> dict[str, Any]:
    return {
        "variation": report.chart.variation(report.improvement),
        "assurance": report.chart.assurance(report.target, report.improvement),
        "trial_limits": report.chart.trial,
        "segments": [
            {
                "from": report.dates[s.start].isoformat(),
                "mean": round(s.mean, 4),
                "lower_limit": round(s.lower, 4),
                "upper_limit": round(s.upper, 4),
                "limits_from_readings": s.from_points,
            }
            for s in report.chart.segments
        ],
    }


def to_csv(report: SeriesReport) -> str:
    out = io.StringIO()
    rows = report.rows()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def to_json(report: SeriesReport) -> str:
    return json.dumps({"points": report.rows(), **summary(report)}, indent=2)
