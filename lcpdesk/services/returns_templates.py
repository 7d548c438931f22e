"""Template descriptions the user knows: the ones lcpdesk ships and the ones loaded into the
data folder (``<data folder>/templates/``), each checked before it is copied there."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from lcpdesk.errors import InputError
from lcpdesk.io.templates import TemplateDescription, builtin_files, load_description

FOLDER = "templates"


@dataclass(frozen=True)
class KnownTemplate:
    description: TemplateDescription
    path: Path
    shipped: bool

    @property
    def origin(self) -> str:
        return "shipped with lcpdesk" if self.shipped else "loaded"


def user_folder(data_dir: Path) -> Path:
    return data_dir / FOLDER


def known(data_dir: Path) -> list[KnownTemplate]:
    """Shipped descriptions first, then the loaded ones, each by name and version. A loaded
    file that no longer reads is left out (it was checked when loaded)."""
    found = [KnownTemplate(load_description(p), p, True) for p in builtin_files()]
    folder = user_folder(data_dir)
    loaded = []
    for path in sorted(folder.glob("*.toml")) if folder.is_dir() else []:
        try:
            loaded.append(KnownTemplate(load_description(path), path, False))
        except InputError:
            continue
    key = lambda t: (t.description.name.casefold(), t.description.version)  # noqa: E731
    return sorted(found, key=key) + sorted(loaded, key=key)


def load(path: Path, data_dir: Path) -> KnownTemplate:
    """Check a description and copy it into the data folder as ``<key>-v<version>.toml``;
    refused when it has a shipped template's key and version."""
    desc = load_description(path)
    for shipped in builtin_files():
        other = load_description(shipped)
        if (other.key, other.version) == (desc.key, desc.version):
            raise InputError(
                f"'{desc.key}' version {desc.version} is a template lcpdesk ships.",
                hint="Give your description its own key, or a new version number.",
            )
    folder = user_folder(data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{desc.key}-v{desc.version}.toml"
    try:
        shutil.copyfile(path, target)
    except OSError as exc:
        raise InputError(
            f"The description cannot be copied into the data folder ({exc.strerror or exc})."
        ) from None
    return KnownTemplate(load_description(target), target, False)


def recognise(
    workbook: Path, data_dir: Path, sheets: set[str] | None = None
) -> KnownTemplate | None:
    """The loaded (not shipped) description whose fingerprint the workbook carries: its
    sheets, the labels beside its cells and its tables' headers (the newest version first).
    ``sheets``: the workbook's sheet names when already known (descriptions naming others are
    not tried, and the workbook is not opened for them)."""
    from lcpdesk.io.partner_fill_describe import fits

    loaded = [t for t in known(data_dir) if not t.shipped]
    if sheets is not None:
        loaded = [t for t in loaded if _sheets_of(t.description) <= sheets]
    for template in sorted(loaded, key=lambda t: -t.description.version):
        if fits(template.description, workbook):
            return template
    return None


def save_text(text: str, data_dir: Path) -> KnownTemplate:
    """Save a description made in the Describe dialog (checked) into the data folder."""
    from lcpdesk.io.templates import parse_description

    desc = parse_description(text)
    folder = user_folder(data_dir)
    target = folder / f"{desc.key}-v{desc.version}.toml"
    for shipped in builtin_files():
        other = load_description(shipped)
        if (other.key, other.version) == (desc.key, desc.version):
            raise InputError(f"'{desc.key}' version {desc.version} is a template lcpdesk ships.")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise InputError(
            f"The description cannot be saved in the data folder ({exc.strerror or exc})."
        ) from None
    return KnownTemplate(load_description(target), target, False)


def share(template: KnownTemplate, target: Path) -> None:
    """Copy a description out (to send to a colleague, who loads it with Load…)."""
    try:
        shutil.copyfile(template.path, target)
    except OSError as exc:
        raise InputError(f"The description cannot be copied ({exc.strerror or exc}).") from None


def _sheets_of(desc: TemplateDescription) -> set[str]:
    return {f.sheet for f in desc.fields} | {t.sheet for t in desc.tables}
