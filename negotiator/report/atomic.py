r"""Write files atomically: a temporary file in the same folder, then a rename.

A reader never sees a half-written report, and an existing report is replaced
only once the new one is complete; if anything fails, the old file is intact.

Examples
--------
>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> write_text_atomic(folder / "r.md", "# hello\n")
>>> (folder / "r.md").read_text()
'# hello\n'
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from negotiator.errors import InputError


def write_text_atomic(path: str | Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` atomically, creating missing folders.

    A new file gets the usual permissions (``0o666`` less the umask); a
    replaced file keeps its own.

    Raises
    ------
    InputError
        If ``path`` is a folder or cannot be written; nothing is changed then.
    """
    write_bytes_atomic(path, text.encode("utf-8"))


def write_bytes_atomic(path: str | Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (an image, say), creating missing folders.

    Same rules as :func:`write_text_atomic`.

    Raises
    ------
    InputError
        If ``path`` is a folder or cannot be written; nothing is changed then.
    """
    target = Path(path)
    if target.is_dir():
        raise InputError("is a folder; give a file name for the report", file=str(target))
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        mode = target.stat().st_mode & 0o777 if target.exists() else 0o666 & ~_umask()
        descriptor, temporary = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=".tmp", dir=target.parent
        )
    except OSError as error:
        raise InputError(f"cannot write the report: {error.strerror}", file=str(target)) from None
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException as error:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        if isinstance(error, OSError):
            message = f"cannot write the report: {error.strerror}"
            raise InputError(message, file=str(target)) from None
        raise


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
