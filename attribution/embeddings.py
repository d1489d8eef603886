"""Sentence embeddings for claim matching: the optional ``semantic`` extra.

A model is a sentence-transformers model directory (``--embedding-model PATH``) or a hub
name fetched once with ``attribution download --embeddings NAME`` into the models
directory (``$ATTRIBUTION_MODELS``, else the user data directory). Nothing is ever
downloaded implicitly: loading runs with the hub offline, and a name that is neither a
directory nor downloaded is one error saying what to run.

Vectors are float32, L2-normalised (cosine similarity is their dot product).
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import ModelError
from .onnxencoder import ENV_BACKEND


class ExtraMissing(ModelError):
    """sentence-transformers (the ``semantic`` extra) is not installed."""


ENV_MODEL = "ATTRIBUTION_EMBEDDING_MODEL"
ENV_MODELS_DIR = "ATTRIBUTION_MODELS"
MAX_CHARS = 2_000  # a 100 KB claim is encoded by its start: the model reads 256 tokens at most


def models_dir() -> Path:
    """Where ``download --embeddings`` puts models: ``$ATTRIBUTION_MODELS`` or the user data dir."""
    env = os.environ.get(ENV_MODELS_DIR)
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_data_dir("attribution")) / "models"


def locate(name: str) -> Path:
    """The directory of model ``name``: a path as given, else a downloaded hub model.

    Args:
        name: a model directory, or a hub name such as
            ``sentence-transformers/paraphrase-multilingual-MiniLM-L12-v2``.
    """
    given = Path(name).expanduser()
    if given.is_dir():
        return given.resolve()
    downloaded = models_dir() / name.replace("/", "--")
    if downloaded.is_dir():
        return downloaded
    if given.exists():
        raise ModelError(f"embedding model {given} is a file: give the model's directory")
    if given.is_absolute() or name.startswith((".", "~")) or os.sep in name and name.count("/") > 1:
        raise ModelError(f"embedding model directory {given} does not exist")
    raise ModelError(
        f"embedding model {name!r} is neither a directory nor downloaded: run "
        f"`attribution download --embeddings {name}` (needs the internet), or give a directory"
    )


@dataclass(frozen=True, slots=True)
class Encoder:
    """A loaded model: its recorded ``name`` (what the store keeps), dimension, and encoder."""

    name: str
    dim: int
    model: Any
    static: bool = False  # a distilled static model (attribution.static), not a network
    onnx: Any = None  # the same network through ONNX Runtime (attribution.onnxencoder), or None

    @property
    def backend(self) -> str:
        """What encodes a query: "static", "onnx" or "torch"."""
        return "static" if self.static else "onnx" if self.onnx is not None else "torch"

    def encode(self, texts: Sequence[str], *, batch_size: int = 64):
        """Unit-length float32 vectors, one row per text (empty texts encode as given).

        Args:
            texts: the texts, cut at MAX_CHARS characters.
            batch_size: texts per forward pass (the library sorts them by length).
        """
        import numpy as np

        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        cut = [t[:MAX_CHARS] for t in texts]
        if self.static:
            return self.model.encode(cut)
        # `extract --match --remember` encodes each quote twice (as a statement, then as
        # the claim it becomes): the second time is a look-up
        out = np.zeros((len(cut), self.dim), dtype=np.float32)
        todo = []
        for i, text in enumerate(cut):
            known = _RECENT.get((self.name, text))
            if known is None:
                todo.append(i)
            else:
                out[i] = known
        if todo:
            fresh = self._encode([cut[i] for i in todo], batch_size)
            out[todo] = fresh
            for i, vector in zip(todo, fresh):
                _RECENT[(self.name, cut[i])] = vector.copy()  # not a view of the batch
                if len(_RECENT) > RECENT:
                    del _RECENT[next(iter(_RECENT))]  # the oldest
        return out

    def _encode(self, texts: list[str], batch_size: int):
        import numpy as np

        if self.onnx is not None:
            return self._encode_onnx(texts, batch_size)
        if len(texts) <= FEW and _plain(self.model):
            with _one_thread(True):
                return _forward(self.model, texts)
        with _one_thread(len(texts) <= FEW):
            vectors = self.model.encode(
                texts,
                batch_size=batch_size,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            )
        return np.ascontiguousarray(vectors, dtype=np.float32)

    def _encode_onnx(self, texts: list[str], batch_size: int):
        """Through ONNX Runtime: a query on the calling thread (the GIL released meanwhile),
        more texts longest first in batches (less padding) on every usable core."""
        import numpy as np

        if len(texts) <= FEW:
            return self.onnx.run(self.model.preprocess(texts))
        from .cores import usable_cores

        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        for start in range(0, len(order), batch_size):
            rows = order[start : start + batch_size]
            features = self.model.preprocess([texts[i] for i in rows])
            out[rows] = self.onnx.run(features, threads=usable_cores())
        return out


RECENT = 4096  # texts whose vectors are kept (1.5 KB each for 384 dimensions)
_RECENT: dict[tuple[str, str], Any] = {}  # (model name, text) -> vector, oldest first


FEW = 4  # texts encoded on one thread (a query): see _one_thread


def _plain(model) -> bool:
    """Whether ``model`` encodes a text as it is (no default prompt put before it), so a
    forward pass of its tokens gives what ``encode`` gives."""
    return (
        not getattr(model, "default_prompt_name", None)
        and not getattr(model, "truncate_dim", None)
        and hasattr(model, "preprocess")
    )


def _forward(model, texts: list[str]):
    """The unit vectors of a few texts by one forward pass, without ``encode``'s batching,
    sorting and per-call set-up (a fifth of a query's encoding; the same vectors, bit for bit).
    """
    import numpy as np
    import torch
    from sentence_transformers.util import batch_to_device

    with torch.inference_mode():
        features = batch_to_device(model.preprocess(texts), model.device)
        vectors = model(features)["sentence_embedding"]
        vectors = torch.nn.functional.normalize(vectors, p=2, dim=1)
    return np.ascontiguousarray(vectors.cpu().numpy(), dtype=np.float32)


@contextmanager
def _one_thread(few: bool) -> Iterator[None]:
    """Run torch on one thread for a few texts: splitting a tiny forward pass between
    threads costs more than it saves, and on a busy machine far more (one query on 2 shared
    cores: 40 ms on one thread, 300 ms on two)."""
    if not few:
        yield
        return
    import torch

    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(threads)


_LOADED: dict[tuple[str, str], Encoder] = {}


def load_encoder(name: str, *, device: str | None = None, backend: str | None = None) -> Encoder:
    """Load (once per process) the model ``name`` names; never from the internet.

    Args:
        name: a model directory or a downloaded hub name (see :func:`locate`).
        device: "cpu", "cuda", ...; default: a GPU where torch sees one.
        backend: "onnx", "torch" or "auto" (ONNX Runtime where installed and the export
            gives torch's vectors: see :mod:`attribution.onnxencoder`); default
            ``$ATTRIBUTION_ENCODER``, else "auto".
    """
    from .onnxencoder import backend_wanted

    wanted = backend_wanted(backend)
    if (name, wanted) in _LOADED:
        return _LOADED[(name, wanted)]
    path = locate(name)
    from .static import is_static, load_static

    if is_static(path):  # no torch needed: a tokenizer and a table of token vectors
        static = load_static(path)
        encoder = Encoder(name=_recorded(name, path), dim=static.dim, model=static, static=True)
        _LOADED[(name, wanted)] = encoder
        return encoder
    try:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")  # a missing file must not become a download
        from sentence_transformers import SentenceTransformer
    except ImportError as exc:
        raise ExtraMissing(
            "sentence embeddings need the semantic extra: pip install 'attribution[semantic]'"
        ) from exc
    try:
        with _quiet_loading():
            model = SentenceTransformer(str(path), device=device)
        model.eval()  # encode() sets it on every call; the direct forward pass needs it set once
        dimension = (
            getattr(model, "get_embedding_dimension", None)
            or model.get_sentence_embedding_dimension
        )
        dim = int(dimension() or 0)
    except Exception as exc:  # a corrupt directory fails in many ways inside the library
        raise ModelError(
            f"cannot load the embedding model in {path}: {type(exc).__name__}: "
            f"{str(exc).splitlines()[0] if str(exc) else ''} (is it a sentence-transformers "
            "model directory?)"
        ) from exc
    if dim <= 0:
        raise ModelError(f"the embedding model in {path} does not say its dimension")
    encoder = Encoder(
        name=_recorded(name, path), dim=dim, model=model, onnx=_onnx(model, path, wanted)
    )
    _LOADED[(name, wanted)] = encoder
    _freeze()
    return encoder


@contextmanager
def _quiet_loading() -> Iterator[None]:
    # transformers 5 draws a "Loading weights" bar on stderr for every model it loads, even
    # from a local directory: noise in `match -q` and in a library caller's output.
    try:
        from transformers.utils import logging as hf_logging
    except ImportError:  # an older sentence-transformers stack without it
        yield
        return
    was = hf_logging.is_progress_bar_enabled()
    hf_logging.disable_progress_bar()
    try:
        yield
    finally:
        if was:
            hf_logging.enable_progress_bar()


def _freeze() -> None:
    """Leave what is loaded so far out of later garbage collections. torch, the model and
    the libraries they import are some 500,000 objects that live as long as the process;
    each full collection walked them all (0.1-0.8 s, the slowest queries of a run)."""
    import gc

    gc.collect()  # no garbage kept for ever: only what is alive now is frozen
    gc.freeze()


def _onnx(model, path: Path, wanted: str):
    """The ONNX Runtime copy of ``model`` when ``wanted`` allows it and it can be had, else
    None (torch encodes); "onnx" wanted and not possible is an error."""
    from .onnxencoder import available, load_onnx

    if wanted == "torch":
        return None
    problem = None
    if not available():
        problem = "ONNX Runtime is not installed: pip install 'attribution[onnx]'"
    elif model.device.type != "cpu":
        problem = f"the model runs on {model.device.type}, where torch is used"
    elif not _plain(model):
        problem = "the model puts a prompt before each text or truncates its vectors"
    else:
        try:
            return load_onnx(model, path, models_dir() / "onnx")
        except (ModelError, OSError) as exc:
            problem = str(exc)
    if wanted == "onnx":
        raise ModelError(f"the ONNX encoder was asked for ({ENV_BACKEND}): {problem}")
    return None


def _recorded(name: str, path: Path) -> str:
    """The name a store records: a hub name as given, a directory as its absolute path."""
    return name if not Path(name).expanduser().is_dir() else str(path)


def attach_encoder(store, model: str | None = None, *, warn=None) -> None:
    """Let ``store`` embed the claims added to it: with ``model``, else the model it records.

    Without the semantic extra, a store with vectors still takes claims (without vectors;
    ``attribution claims embed`` adds them later) and ``warn`` is told; asking for a model
    without the extra is an error.

    Args:
        store: an open claim store.
        model: a model directory or downloaded name; None for the store's own.
        warn: called with a message when the store's model cannot be used.
    """
    name = model or (store.embedding_model() or (None,))[0]
    if not name:
        return
    try:
        store.use_encoder(load_encoder(name))
    except ExtraMissing as exc:
        if model:
            raise
        if warn:
            warn(f"{exc}; new claims get no vectors (`attribution claims embed` adds them)")


def download(name: str, *, target: Path | None = None) -> Path:
    """Fetch hub model ``name`` into the models directory (the only path that downloads).

    Args:
        name: a hub name, e.g. ``sentence-transformers/paraphrase-multilingual-MiniLM-L12-v2``.
        target: where to put it [default: ``models_dir() / name`` with "/" as "--"].
    """
    try:
        from huggingface_hub import snapshot_download
    except ImportError as exc:
        raise ModelError(
            "downloading an embedding model needs the semantic extra: "
            "pip install 'attribution[semantic]'"
        ) from exc
    target = target or models_dir() / name.replace("/", "--")
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        snapshot_download(repo_id=name, local_dir=str(target))
    except Exception as exc:
        raise ModelError(f"cannot download embedding model {name!r}: {exc}") from exc
    return target


__all__ = [
    "ENV_MODEL",
    "Encoder",
    "ExtraMissing",
    "attach_encoder",
    "download",
    "load_encoder",
    "locate",
    "models_dir",
]
