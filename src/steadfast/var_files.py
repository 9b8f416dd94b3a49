"""Files Steadfast keeps under STEADFAST_VAR_DIR for itself (var/cache): written whole or not
at all, since several processes may start at once and any of them may write the same file."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO


def write_whole(path: Path, write: Callable[[BinaryIO], object]) -> None:
    """Write `path` through `write`, into a file beside it renamed into place at the end. On a
    read-only var folder nothing is written (the caller computes the content again next time)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, partial = tempfile.mkstemp(dir=path.parent, suffix=".partial")
        with os.fdopen(handle, "wb") as out:
            write(out)
        os.replace(partial, path)
    except OSError:
        pass
