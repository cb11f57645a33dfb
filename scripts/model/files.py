"""Files the build writes beside the pages that a reader's browser may be loading at that moment."""

from __future__ import annotations

import os
from pathlib import Path


def replace_file(path: Path, data: bytes) -> None:
    """Write a file whole: whoever reads it meanwhile gets the old one or the new one, never a part."""
    partial = path.with_name(f".{path.name}.partial")
    partial.write_bytes(data)
    os.replace(partial, path)


def replace_folder_files(folder: Path, files: dict[str, bytes], pattern: str = "*.js") -> None:
    """Make `folder` hold these files among those matching `pattern`: each written whole, then the others removed."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        replace_file(folder / name, data)
    for old in folder.glob(pattern):
        if old.name not in files:
            old.unlink()


def move_tree(source: Path, target: Path) -> None:
    """Every file under `source` moved to the same place under `target`, over any file there; a folder `target` lacks
    moved whole."""
    target.mkdir(parents=True, exist_ok=True)
    for entry in os.scandir(source):
        there = target / entry.name
        if entry.is_dir(follow_symlinks=False) and there.is_dir():
            move_tree(Path(entry.path), there)
        else:
            os.replace(entry.path, there)
