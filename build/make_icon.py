"""Render lcpdesk's icon from its source image, resources/icons/lcpdesk.svg.

Writes resources/icons/lcpdesk.png (256 px, the window and taskbar icon) and
resources/icons/lcpdesk.ico (16-256 px, for the executables and the installer). Both are
committed; run this again after changing the SVG:

    QT_QPA_PLATFORM=offscreen .venv/bin/python build/make_icon.py
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256)


def render_png(svg: Path, size: int) -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    QSvgRenderer(str(svg)).render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def main() -> int:
    from PIL import Image

    svg = ICONS / "lcpdesk.svg"
    big = render_png(svg, 256)
    (ICONS / "lcpdesk.png").write_bytes(big)
    # Each size rendered from the vector source (sharper than scaling the 256 px one down).
    frames = [Image.open(io.BytesIO(render_png(svg, s))).convert("RGBA") for s in SIZES]
    frames[-1].save(
        ICONS / "lcpdesk.ico",
        format="ICO",
        sizes=[(s, s) for s in SIZES],
        append_images=frames[:-1],
    )
    print(f"wrote {ICONS / 'lcpdesk.png'} and {ICONS / 'lcpdesk.ico'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
