"""The one way the crosswalk stage writes a file outside the lake: atomically.

The classifier model, the analysts' review file, the staffing export and the packaged
crosswalk tables are written here, so that a crash or a full disk never leaves half a file
where the next run (or an analyst) would read it.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path


def atomic_write(target: Path, write: Callable[[Path], object]) -> Path:
    """Write ``target`` through ``write(tmp)`` on a temporary file in the same folder, then rename.

    The rename is atomic on one file system, so readers see the old file or the new one, never
    a partial one; on any error the temporary file is removed and ``target`` is unchanged.

    Args:
        target: Final path; its folder is created when missing.
        write: Called with the temporary path; writes the whole content there.

    Returns:
        ``target``.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=target.suffix, dir=target.parent)
    os.close(fd)
    try:
        write(Path(tmp))
        os.chmod(tmp, 0o644)  # mkstemp creates 0600; analysts and other users must read these files
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target
