"""Where to find DejaVu fonts, which carry every Vietnamese diacritic (ư, ơ, ạ, ễ, Ỷ ...).

matplotlib (a pinned dependency) ships the full DejaVu Sans and Serif families, so the PDF report never
depends on what the machine has installed; Debian's fonts-dejavu-core is the fallback.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

SYSTEM_DIR = Path("/usr/share/fonts/truetype/dejavu")


def _font_dirs() -> list[Path]:
    dirs = []
    spec = importlib.util.find_spec("matplotlib")  # no import: only its data folder is needed
    if spec and spec.submodule_search_locations:
        dirs.append(Path(spec.submodule_search_locations[0]) / "mpl-data" / "fonts" / "ttf")
    return dirs + [SYSTEM_DIR]


def font_file(name: str) -> Path:
    """Path of e.g. 'DejaVuSans-Bold.ttf'; FileNotFoundError with the fix when it is nowhere."""
    for folder in _font_dirs():
        if (folder / name).exists():
            return folder / name
    raise FileNotFoundError(
        f"Không tìm thấy phông chữ {name} (cần cho tiếng Việt có dấu). Cài: apt-get install fonts-dejavu-core "
        "hoặc pip install -r requirements.txt (matplotlib kèm phông DejaVu)."
    )
