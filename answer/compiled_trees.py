"""A shipped tree model compiled to machine code with lleaves (LLVM), once, and cached on disk.

The extractor scores about 2,000 candidate spans a question with 200 trees: LightGBM's ``predict`` takes about 11 ms
on one thread (6 ms on two) for them, the compiled forest about 2 ms on one, and their scores agree to 1e-14
(``tests/answer/test_compiled_trees.py``). The object code is specific to this CPU and these trees, so its file
is named by a digest of the model file, the CPU and the lleaves and llvmlite versions; it is written under a
temporary name and renamed, so that a concurrent process never reads half of one.
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
_SHARED: dict[Path, CompiledTrees] = {}  # by model file (``CompiledTrees.shared``)
_LOCK = threading.Lock()


def cache_file(model_file: Path, cache_dir: Path) -> Path:
    """Where the compiled ``model_file`` is cached in ``cache_dir`` for this CPU and these lleaves and llvmlite."""
    import llvmlite.binding as llvm

    digest = hashlib.blake2b(digest_size=16)
    digest.update(model_file.read_bytes())
    cpu = f"|{llvm.get_host_cpu_name()}|{llvm.get_host_cpu_features().flatten()}"
    digest.update(f"{cpu}|{version('lleaves')}|{version('llvmlite')}".encode())
    return cache_dir / f"{model_file.stem}-{digest.hexdigest()}.trees.o"


class CompiledTrees:
    """A LightGBM model file compiled to native code: ``predict`` gives LightGBM's scores, on the calling thread."""

    def __init__(self, model: Any, path: Path) -> None:
        self.model = model
        self.path = path

    @classmethod
    def prepare(cls, model_file: Path, cache_dir: Path) -> CompiledTrees:
        """``model_file`` compiled into ``cache_dir`` (about 6 s for the extractor, once) unless it is there already.
        Raises ``ConfigError`` when lleaves is not installed or the compiled file cannot be written."""
        try:
            import lleaves
        except ImportError as exc:
            raise ConfigError(f"cannot compile the tree model {model_file.name}: {exc}") from exc
        try:
            path = cache_file(model_file, cache_dir)
            model = lleaves.Model(model_file=str(model_file))
            if path.is_file():
                model.compile(cache=str(path))
                return cls(model, path)
            log.info("compiling the tree model %s to %s (once)", model_file.name, path)
            cache_dir.mkdir(parents=True, exist_ok=True)
            with tempfile.TemporaryDirectory(dir=cache_dir, prefix=".compile-") as tmp:
                written = Path(tmp) / path.name
                model.compile(cache=str(written))  # compiled, loaded, and its object code dumped here
                os.replace(written, path)
        except OSError as exc:
            raise ConfigError(f"cannot write the compiled tree model to {cache_dir}: {exc} (set CITEQA_DATA_DIR to "
                              "a writable folder, or CITEQA_TREES=lightgbm)") from exc
        return cls(model, path)

    @staticmethod
    def shared(model_file: Path, cache_dir: Path) -> CompiledTrees:
        """``prepare`` once per process and model file: every assistant (one per index version a server reloads, or
        per data dir a test run makes) scores with the same compiled model, made or read in the first one's
        ``cache_dir``."""
        with _LOCK:
            key = model_file.resolve()
            if key not in _SHARED:
                _SHARED[key] = CompiledTrees.prepare(model_file, cache_dir)
            return _SHARED[key]

    def predict(self, x: np.ndarray) -> np.ndarray:
        """One score per row of ``x``, as LightGBM's ``Booster.predict`` gives it."""
        return np.asarray(self.model.predict(np.ascontiguousarray(x, dtype=np.float64), n_jobs=1), dtype=np.float64)
