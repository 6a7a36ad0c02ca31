"""Files the service writes that hold pupil data or account data: stored totals, report
downloads, backups, evidence and the SQLite database.

Each is readable by the service's own user alone, whatever the umask. A file that
replaces an earlier one is written under a temporary name of its writer's own and then
renamed, so no reader ever sees half a file, a write that fails part way leaves nothing
that looks complete, and two processes writing the same file never share one.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

PRIVATE_FILE_MODE = 0o600
PRIVATE_FOLDER_MODE = 0o700


def replace_privately(target: Path, write: Callable[[Path], object]) -> None:
    """Have ``write`` fill a new private temporary file beside ``target``, then rename
    it to ``target``. The temporary name starts with a dot, so folder listings that skip
    hidden files skip it too."""
    # mkstemp makes the file with mode 0600 and a name no other writer has.
    descriptor, name = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.name}.", suffix=".partial"
    )
    os.close(descriptor)
    partial = Path(name)
    try:
        write(partial)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
