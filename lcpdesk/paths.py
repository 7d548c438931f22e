"""Where lcpdesk keeps its data, logs and shipped resources."""

from __future__ import annotations

import sys
from importlib import resources as _importlib_resources
from pathlib import Path

APP_NAME = "lcpdesk"
APP_AUTHOR = "lcpdesk"
STORE_FILENAME = "lcpdesk.sqlite"


def default_data_dir() -> Path:
    """The user's local (never roaming/synced) application-data folder."""
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR, roaming=False))


def default_log_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_log_dir(APP_NAME, APP_AUTHOR))


def store_path(data_dir: Path) -> Path:
    return data_dir / STORE_FILENAME


def backups_dir(data_dir: Path) -> Path:
    return data_dir / "backups"


def crash_dir(data_dir: Path) -> Path:
    return data_dir / "crash-reports"


def resources_dir() -> Path:
    """The ``resources/`` folder, the same way from a checkout, a wheel or a bundle.

    * PyInstaller bundle: ``<bundle>/resources`` (see ``lcpdesk.spec``).
    * Source checkout or editable install: ``<repo>/resources``.
    * Installed wheel: the ``lcpdesk.resources`` package that pyproject maps it to.
    """
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    checkout = Path(__file__).resolve().parent.parent / "resources"
    if (checkout / "__init__.py").is_file():
        return checkout
    return Path(str(_importlib_resources.files("lcpdesk.resources")))


def resource(*parts: str) -> Path:
    """A file inside ``resources/``."""
    return resources_dir().joinpath(*parts)
