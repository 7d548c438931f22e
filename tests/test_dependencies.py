"""Every third-party package lcpdesk imports is declared in pyproject.toml.

A package that is only present because another one depends on it (numpy through pandas) can
vanish or change under a new release of that other package, and a frozen build from a clean
venv would then miss it: what lcpdesk imports, it declares.
"""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def imported_top_level_names() -> dict[str, str]:
    """Top-level module names imported anywhere in lcpdesk/ -> one file importing it."""
    found: dict[str, str] = {}
    for path in sorted((ROOT / "lcpdesk").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names = [node.module]
            else:
                continue
            for name in names:
                found.setdefault(name.partition(".")[0], str(path.relative_to(ROOT)))
    return found


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def declared() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return {
        normalise(re.split(r"[<>=!~;\[ ]", spec, maxsplit=1)[0]) for spec in project["dependencies"]
    }


def test_every_third_party_import_is_a_declared_dependency() -> None:
    distributions = packages_distributions()
    stdlib = set(sys.stdlib_module_names)
    undeclared = {}
    for module, where in imported_top_level_names().items():
        if module in stdlib or module in {"lcpdesk", "__future__"}:
            continue
        dists = {normalise(d) for d in distributions.get(module, [])}
        assert dists, f"{module} (imported in {where}) comes from no installed distribution"
        if not dists & declared():
            undeclared[module] = (sorted(dists), where)
    assert undeclared == {}, f"imported but not in [project] dependencies: {undeclared}"


def test_the_scan_sees_what_lcpdesk_imports() -> None:
    """The scan itself works: it finds imports made at top level and inside functions."""
    names = imported_top_level_names()
    assert {"sqlalchemy", "PySide6", "pandas", "numpy", "openpyxl"} <= names.keys()
    assert "lcpdesk" in names and "__future__" in names
