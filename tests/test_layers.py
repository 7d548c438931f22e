"""The layer rules of STYLE.md, enforced: Qt stays in ui/, SQL stays out of domain/ and services/.

Every import statement counts, including ones inside functions: a lazy import of PySide6 in
services/ would still tie that layer to Qt.
"""

from __future__ import annotations

import ast
import importlib.util
import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "lcpdesk"

QT = ("PySide6", "shiboken6", "PyQt5", "PyQt6", "PySide2")
NON_UI_LAYERS = ("domain", "store", "io", "services", "charts")
# What the window must not pay for at start-up (imported lazily, when a pane needs them).
HEAVY = ("pandas", "matplotlib", "openpyxl", "python_calamine")


@dataclass(frozen=True)
class Import:
    module: str  # absolute dotted name
    file: Path
    line: int

    def __str__(self) -> str:
        return f"{self.file.name}:{self.line} imports {self.module}"


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(path: Path, root: Path = ROOT) -> list[Import]:
    """Every module ``path`` imports, as absolute names (relative imports resolved)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    own = module_name(path, root)
    package = own if path.name == "__init__.py" else own.rpartition(".")[0]
    found: list[Import] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend(Import(alias.name, path, node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            found.append(Import(target, path, node.lineno))
            # `from lcpdesk import ui` imports the module lcpdesk.ui too
            found.extend(Import(f"{target}.{a.name}", path, node.lineno) for a in node.names)
    return found


def is_within(module: str, roots: tuple[str, ...]) -> bool:
    return any(module == root or module.startswith(root + ".") for root in roots)


def sources(*layers: str) -> list[Path]:
    files: list[Path] = []
    for layer in layers:
        files.extend(
            p for p in sorted((PACKAGE / layer).rglob("*.py")) if "__pycache__" not in p.parts
        )
    return files


def violations(files: list[Path], forbidden: tuple[str, ...]) -> list[str]:
    return [
        f"{f.relative_to(ROOT)}:{imp.line} imports {imp.module}"
        for f in files
        for imp in imports_of(f)
        if is_within(imp.module, forbidden)
    ]


# --------------------------------------------------------------------------- the walker itself


def test_the_walker_sees_every_kind_of_import(tmp_path: Path) -> None:
    probe = tmp_path / "lcpdesk" / "services" / "probe.py"
    probe.parent.mkdir(parents=True)
    probe.write_text(
        "import os, PySide6.QtCore\n"
        "from PySide6 import QtWidgets\n"
        "from lcpdesk import ui\n"
        "from ..ui import prompts\n"
        "from . import membership\n"
        "def later():\n"
        "    import sqlalchemy as sa\n",
        encoding="utf-8",
    )
    found = {i.module for i in imports_of(probe, root=tmp_path)}
    assert {
        "os",
        "PySide6.QtCore",
        "PySide6.QtWidgets",
        "lcpdesk.ui",
        "lcpdesk.ui.prompts",
        "lcpdesk.services.membership",
        "sqlalchemy",
    } <= found


def test_every_layer_is_walked() -> None:
    """Guard against a vacuous pass: the layers that hold code now are found and parsed."""
    for layer in ("domain", "store", "services"):
        assert len(sources(layer)) > 1, f"no modules found under lcpdesk/{layer}"


# --------------------------------------------------------------------------- the rules


@pytest.mark.parametrize("layer", NON_UI_LAYERS)
def test_non_ui_layers_never_import_qt(layer: str) -> None:
    found = violations(sources(layer), QT)
    assert not found, "Qt imported outside ui/ (STYLE.md, layer rule 1):\n" + "\n".join(found)


def test_cli_never_imports_qt() -> None:
    found = violations([PACKAGE / "cli.py"], QT)
    assert not found, "the CLI must run without Qt:\n" + "\n".join(found)


@pytest.mark.parametrize("layer", NON_UI_LAYERS)
def test_non_ui_layers_never_import_the_ui(layer: str) -> None:
    found = violations(sources(layer), ("lcpdesk.ui", "lcpdesk.app"))
    assert not found, "lower layers must not depend on ui/:\n" + "\n".join(found)


def test_domain_has_no_sql_and_no_qt() -> None:
    forbidden = (
        *QT,
        "sqlalchemy",
        "alembic",
        "sqlite3",
        "lcpdesk.store",
        "lcpdesk.io",
        "lcpdesk.services",
        "lcpdesk.charts",
        "lcpdesk.cli",
    )
    found = violations(sources("domain"), forbidden)
    assert not found, "domain/ is plain Python: no Qt, no SQL, no I/O layers:\n" + "\n".join(found)


# --------------------------------------------------------------------------- SQL stays in store/

# What a service may take from SQLAlchemy: the connection type it hands to repositories, and
# the exception classes. Everything else (select, insert, update, delete, text, func, Table,
# ...) is SQL, which belongs to store/ (STYLE.md, "SQL belongs to store/").
SERVICE_SQLALCHEMY_NAMES = frozenset({"Connection"})
SERVICE_SQLALCHEMY_MODULES = ("sqlalchemy.exc",)
EXECUTE = frozenset({"execute", "exec_driver_sql", "executemany", "executescript"})


def sql_in(path: Path, root: Path = ROOT) -> list[str]:
    """Every place ``path`` imports the schema or SQL constructs, or runs SQL itself."""
    where = path.relative_to(root)
    found = [
        f"{where}:{imp.line} imports {imp.module}"
        for imp in imports_of(path, root)
        if is_within(imp.module, ("lcpdesk.store.schema", "sqlite3"))
    ]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found.extend(
                f"{where}:{node.lineno} imports {a.name}"
                for a in node.names
                if is_within(a.name, ("sqlalchemy",))
            )
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            module = node.module or ""
            if is_within(module, ("sqlalchemy",)) and not is_within(
                module, SERVICE_SQLALCHEMY_MODULES
            ):
                found.extend(
                    f"{where}:{node.lineno} imports {a.name} from {module}"
                    for a in node.names
                    if a.name not in SERVICE_SQLALCHEMY_NAMES
                )
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in EXECUTE
        ):
            found.append(f"{where}:{node.lineno} calls .{node.func.attr}()")
    return found


def test_services_speak_to_repositories_not_sql() -> None:
    files = sources("services")
    assert len(files) > 10
    found = [hit for f in files for hit in sql_in(f)]
    assert not found, (
        "services/ runs SQL or knows the schema; ask a repository in store/ instead:\n"
        + "\n".join(found)
    )


def test_the_sql_rule_sees_every_kind_of_sql(tmp_path: Path) -> None:
    probe = tmp_path / "lcpdesk" / "services" / "probe.py"
    probe.parent.mkdir(parents=True)
    lines = [
        "from lcpdesk.store.schema import goal",  # 1
        "from ..store import schema",  # 2
        "from sqlalchemy import Connection, select",  # 3: select, not Connection
        "import sqlalchemy as sa",  # 4
        "from sqlalchemy.sql import text",  # 5
        "from sqlalchemy.exc import IntegrityError",  # 6: allowed
        "def f(conn: Connection) -> None:",  # 7
        "    conn.execute(sa.func.count())",  # 8
        "    conn.exec_driver_sql('SELECT 1')",  # 9
        "    conn.connection.driver_connection.executemany('x', [])",  # 10
        "    repo.execute_plan(conn)",  # 11: allowed, another name
        "import sqlite3",  # 12
    ]
    probe.write_text("\n".join(lines) + "\n", encoding="utf-8")
    found = sql_in(probe, root=tmp_path)
    flagged = {int(hit.split(":")[1].split()[0]) for hit in found}
    assert flagged == {1, 2, 3, 4, 5, 8, 9, 10, 12}, found
    assert not any("Connection" in hit for hit in found)


# --------------------------------------------------------------------------- what really loads


def loaded_after(code: str) -> set[str]:
    """Top-level module names in sys.modules after running ``code`` in a fresh interpreter."""
    probe = (
        code
        + "\nimport json, sys\nprint(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return set(json.loads(done.stdout.strip().splitlines()[-1]))


def test_cli_and_services_load_without_qt() -> None:
    loaded = loaded_after("import lcpdesk.cli, lcpdesk.services.membership")
    assert "lcpdesk" in loaded
    assert not loaded & set(QT), f"Qt was imported: {sorted(loaded & set(QT))}"


def test_main_window_module_loads_without_heavy_libraries() -> None:
    if importlib.util.find_spec("lcpdesk.ui.main_window") is None:
        pytest.skip("lcpdesk.ui.main_window does not exist yet")
    loaded = loaded_after("import lcpdesk.ui.main_window")
    assert "PySide6" in loaded  # the probe really imported the window
    heavy = sorted(loaded & set(HEAVY))
    assert not heavy, f"importing the main window pulls in {heavy}; import them lazily"


def test_window_opens_on_demo_data_without_heavy_libraries(tmp_path: Path) -> None:
    """The real start-up path (cli.main -> app.run_gui -> MainWindow) on the demo data."""
    if importlib.util.find_spec("lcpdesk.ui.main_window") is None:
        pytest.skip("lcpdesk.ui.main_window does not exist yet")
    data = tmp_path / "data"
    made = subprocess.run(
        [sys.executable, "-m", "lcpdesk", "demo", "--data-dir", str(data)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert made.returncode == 0, made.stderr
    code = (
        "import os, sys\n"
        "os.environ['LCPDESK_EXIT_WHEN_READY'] = '1'\n"
        "from lcpdesk.cli import main\n"
        f"status = main(['--data-dir', {str(data)!r}, '--no-error-dialogs'])\n"
        "assert status == 0, status\n"
    )
    loaded = loaded_after(code)
    assert "PySide6" in loaded
    heavy = sorted(loaded & set(HEAVY))
    assert not heavy, f"opening the window imported {heavy}; import them when a pane needs them"
