"""One writer at a time per index: an exclusive advisory lock (``flock``) on ``<index>/.write.lock``.

The lock is held for a whole ingest (read the live version, write the next one), so two ingests into one index
run one after the other and neither loses the other's documents. The kernel releases it when its holder exits,
even on ``kill -9``, so a crashed writer never leaves the index locked.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from citeqa.core.errors import IndexBusyError, IndexWriteError

LOCK_NAME = ".write.lock"


def _holder(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8").strip() or "unknown"
    except OSError:
        return "unknown"


@contextmanager
def write_lock(index_dir: Path, wait: bool = True, on_wait: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold the index's write lock for the ``with`` block. When another process holds it: wait for it (telling
    ``on_wait`` the holder's pid first), or with ``wait=False`` raise ``IndexBusyError``."""
    path = index_dir / LOCK_NAME
    try:
        index_dir.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:  # a read-only or missing parent folder: said before any work is done
        raise IndexWriteError(f"cannot write to the index at {index_dir}: {exc.strerror or exc}") from exc
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _holder(path)
            if not wait:
                raise IndexBusyError(f"another ingest (pid {holder}) is writing to {index_dir}; try again when it "
                                     "is done, or leave out --no-wait to wait for it") from None
            if on_wait is not None:
                on_wait(holder)
            fcntl.flock(descriptor, fcntl.LOCK_EX)
        os.ftruncate(descriptor, 0)
        os.write(descriptor, str(os.getpid()).encode())
        yield
    finally:
        os.close(descriptor)  # closing releases the lock
