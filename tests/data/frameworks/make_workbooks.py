"""Write llr-ilt-maturity.xlsx (and .ods, when LibreOffice is installed) beside this script:
the same framework as llr-ilt-maturity.toml, as a sheet of dimensions × levels.

    .venv/bin/python tests/data/frameworks/make_workbooks.py
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).resolve().parent

ROWS = [
    ["Key", "llr-ilt-maturity"],
    ["Name", "LLR Integrated Locality Team Maturity (example)"],
    ["Description", "An example framework with three levels and a dimension in two parts."],
    ["Standard", "Established"],
    [],
    [
        "Key",
        "Dimension",
        "Parent",
        "Short name",
        "Descriptor",
        "Emerging",
        "Established",
        "Thriving",
        "Notes",
    ],
    [
        "",
        "Level meaning",
        "",
        "",
        "",
        "Plans agreed; little yet in practice.",
        "Working as planned across the locality.",
        "Established, with measurable benefits for the population.",
        "",
    ],
    [
        "shared-leadership",
        "Shared leadership",
        "",
        "",
        "One locality board with health, care and voluntary partners.",
        "A board is named but meets irregularly.",
        "The board meets monthly and owns the locality plan.",
        "",
        "from the 2017 plan",
    ],
    [
        "integrated-teams",
        "Integrated teams",
        "",
        "",
        "Teams organised around the locality's people, not organisations.",
        "",
        "",
        "",
        "",
    ],
    [
        "integrated-teams-care-coordination",
        "Care coordination",
        "Integrated teams",
        "Coordination",
        "One named coordinator for each person with complex needs.",
        "",
        "",
        "",
        "",
    ],
    [
        "integrated-teams-shared-records",
        "Shared records",
        "Integrated teams",
        "Records",
        "Teams see one record for the people they care for.",
        "",
        "",
        "",
        "",
    ],
    [
        "population-health",
        "Population health",
        "",
        "",
        "Cohorts chosen from linked data, with outcomes tracked.",
        "",
        "",
        "",
        "",
    ],
]


def main() -> None:
    book = Workbook()
    notes = book.active
    assert notes is not None
    notes.title = "Read me"
    notes["A1"] = "The framework is on the sheet called Framework."
    sheet = book.create_sheet("Framework")
    for row in ROWS:
        sheet.append(row)
    xlsx = HERE / "llr-ilt-maturity.xlsx"
    book.save(xlsx)
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office:
        with tempfile.TemporaryDirectory() as profile:
            subprocess.run(
                [
                    office,
                    f"-env:UserInstallation=file://{profile}",
                    "--headless",
                    "--convert-to",
                    "ods",
                    "--outdir",
                    str(HERE),
                    str(xlsx),
                ],
                check=True,
                capture_output=True,
                timeout=120,
            )


if __name__ == "__main__":
    main()
