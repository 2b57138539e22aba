"""A shipped tree model compiled to machine code with lleaves (LLVM), once, and cached on disk.

The extractor scores about 2,000 candidate spans a question with 200 trees: LightGBM's ``predict`` takes about 11 ms
on one thread (6 ms on two) for them, the compiled forest about 2 ms on one, and their scores agree to 1e-14
(``tests/answer/test_compiled_trees.py``). The object code is specific to this CPU and these trees, so its file
is named by a digest of the model file, the CPU and the lleaves and llvmlite versions (``cache_key``), and by a
digest of its own bytes, checked before it is loaded: LLVM aborts the whole process on a damaged object file, so a
file whose bytes do not match its name is compiled again instead. It is written under a temporary name and renamed,
so that a concurrent process never reads half of one.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
import threading
from importlib.metadata import version
from pathlib import Path
from typing import Any

import numpy as np

from citeqa.core.errors import ConfigError

log = logging.getLogger(__name__)
shown = logging.getLogger("citeqa.progress")  # one-time work the CLI shows at its default verbosity (ingest.progress)
SUFFIX = ".trees.o"
_SHARED: dict[str, CompiledTrees] = {}  # by ``cache_key`` (``CompiledTrees.shared``)
_LOCK = threading.Lock()


def cache_key(model_file: Path) -> str:
    """The compiled ``model_file``'s name before its own digest: the model's name and a digest of its bytes, this
    CPU and these lleaves and llvmlite."""
    import llvmlite.binding as llvm

    digest = hashlib.blake2b(digest_size=16)
    digest.update(model_file.read_bytes())
    cpu = f"|{llvm.get_host_cpu_name()}|{llvm.get_host_cpu_features().flatten()}"
    digest.update(f"{cpu}|{version('lleaves')}|{version('llvmlite')}".encode())
    return f"{model_file.stem}-{digest.hexdigest()}"


def _content(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _key(model_file: Path) -> str:
    """``cache_key``; raises ``ConfigError`` when llvmlite is not installed or the model file cannot be read."""
    try:
        return cache_key(model_file)
    except ImportError as exc:
        raise ConfigError(f"cannot compile the tree model {model_file.name}: {exc}") from exc
    except OSError as exc:
        raise ConfigError(f"cannot read the tree model {model_file}: {exc}") from exc


def cached(key: str, cache_dir: Path) -> Path | None:
    """A compiled model of ``key`` (``cache_key``) in ``cache_dir`` whose bytes match the digest in its name
    (``None`` when there is none); a file that does not match is damaged, and is said so and removed."""
    for path in sorted(cache_dir.glob(f"{key}-*{SUFFIX}")):
        try:
            if path.name == f"{key}-{_content(path.read_bytes())}{SUFFIX}":
                return path
        except OSError as exc:
            log.warning("cannot read the compiled tree model %s: %s", path, exc)
            continue
        log.warning("the compiled tree model %s is damaged; compiling it again", path)
        path.unlink(missing_ok=True)
    return None


class CompiledTrees:
    """A LightGBM model file compiled to native code: ``predict`` gives LightGBM's scores, on the calling thread."""

    def __init__(self, model: Any, path: Path) -> None:
        self.model = model
        self.path = path

    @classmethod
    def prepare(cls, model_file: Path, cache_dir: Path, key: str | None = None) -> CompiledTrees:
        """``model_file`` compiled into ``cache_dir`` (about 6 s for the extractor, once) unless a sound compiled file
        is there already; ``key``: its ``cache_key``, where the caller has it already. Raises ``ConfigError`` when
        lleaves is not installed or the file cannot be written."""
        key = key or _key(model_file)
        try:
            import lleaves
        except ImportError as exc:
            raise ConfigError(f"cannot compile the tree model {model_file.name}: {exc}") from exc
        try:
            model = lleaves.Model(model_file=str(model_file))
            found = cached(key, cache_dir) if cache_dir.is_dir() else None
            if found is not None:
                model.compile(cache=str(found))
                return cls(model, found)
            shown.info("compiling the tree model %s into %s (once, a few seconds)", model_file.name, cache_dir)
            cache_dir.mkdir(parents=True, exist_ok=True)
            with tempfile.TemporaryDirectory(dir=cache_dir, prefix=".compile-") as tmp:
                written = Path(tmp) / f"compiled{SUFFIX}"
                model.compile(cache=str(written))  # compiled, loaded, and its object code dumped here
                path = cache_dir / f"{key}-{_content(written.read_bytes())}{SUFFIX}"
                os.replace(written, path)
        except OSError as exc:
            raise ConfigError(f"cannot write the compiled tree model to {cache_dir}: {exc} (set CITEQA_DATA_DIR to "
                              "a writable folder, or CITEQA_TREES=lightgbm)") from exc
        return cls(model, path)

    @staticmethod
    def shared(model_file: Path, cache_dir: Path) -> CompiledTrees:
        """``prepare`` once per process and model (its bytes): every assistant (one per index version a server
        reloads, or per data dir a test run makes) scores with the same compiled model, made or read in the first
        one's ``cache_dir``."""
        key = _key(model_file)  # by its bytes: a model file retrained in place is compiled anew
        with _LOCK:
            if key not in _SHARED:
                _SHARED[key] = CompiledTrees.prepare(model_file, cache_dir, key)
            return _SHARED[key]

    def predict(self, x: np.ndarray) -> np.ndarray:
        """One score per row of ``x``, as LightGBM's ``Booster.predict`` gives it."""
        return np.asarray(self.model.predict(np.ascontiguousarray(x, dtype=np.float64), n_jobs=1), dtype=np.float64)
