"""The labs that ship inside the package, and how a `--lab` argument names a lab folder.

A `--lab` value is a folder path when such a folder exists, and otherwise the name of a
shipped lab (`sim`, `sim-ipv6`, `sim-scale`, `example`, `containerlab`). So `arpha run`
works from any working directory after a plain `pip install`, and a team's own lab folder
always wins over a shipped lab of the same name.
"""

from __future__ import annotations

import shutil
from pathlib import Path

SHIPPED_LABS = Path(__file__).resolve().parents[1] / "labs"
DEFAULT_LAB = "sim"


def shipped_lab_names() -> list[str]:
    """The names of the labs shipped with the package, sorted."""
    return sorted(p.name for p in SHIPPED_LABS.iterdir() if (p / "lab.yaml").is_file())


def resolve_lab(value: str | Path, base: Path | None = None) -> Path:
    """The lab folder that `value` names.

    Args:
        value: a folder path (absolute, or relative to `base`), or a shipped lab's name
        base: the folder relative paths are taken from (default: the working directory)

    Returns:
        the folder; a path that names neither is returned as given (relative to `base`),
        so that loading it reports the missing folder with the shipped labs' names
    """
    path = Path(value)
    if not path.is_absolute() and base is not None:
        path = base / path
    if path.exists() or len(Path(value).parts) != 1:
        return path
    shipped = SHIPPED_LABS / str(value)
    return shipped if (shipped / "lab.yaml").is_file() else path


def labs_in(folder: Path) -> list[Path]:
    """The lab folders (with a lab.yaml) directly inside `folder` (a pool of labs), sorted."""
    return sorted(p for p in folder.iterdir() if (p / "lab.yaml").is_file())


def copy_shipped_lab(name: str, destination: Path) -> Path:
    """Write a copy of the shipped lab `name` to the new folder `destination`.

    Raises:
        KeyError: `name` is not a shipped lab
        FileExistsError: `destination` exists already
    """
    if name not in shipped_lab_names():
        raise KeyError(name)
    shutil.copytree(
        SHIPPED_LABS / name,
        destination,
        ignore=shutil.ignore_patterns(".arpha*"),
        copy_function=shutil.copyfile,  # not the read-only modes of an installed package
    )
    return destination
