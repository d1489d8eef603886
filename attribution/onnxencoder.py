"""The full sentence-transformers model through ONNX Runtime: the ``onnx`` extra.

A query's encoding is the longest part of a match on a store with vectors; ONNX Runtime
runs the same network in about two thirds of torch's CPU time on one thread, and releases
the GIL for the whole forward pass. The model is exported once from the user's own
sentence-transformers model (``torch.onnx``, offline) into a cache beside the downloaded
models (``models_dir()/onnx``, never into the model's own directory), keyed by the model's
path and its files' names, sizes and times, so an edited or replaced model is exported
again. Each load checks the exported network against torch on a few texts: a store made
with torch stays valid, and a network that does not give torch's vectors is not used.

``ATTRIBUTION_ENCODER=torch|onnx`` forces a backend (default ``auto``: ONNX Runtime
where it is installed and the export works, torch otherwise).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ModelError

ENV_BACKEND = "ATTRIBUTION_ENCODER"
BACKENDS = ("auto", "onnx", "torch")
FORMAT = 1  # bump when the export changes: older cached files are then stale
TOLERANCE = 1e-5  # the largest difference from torch's unit vectors allowed (seen: 2.3e-7)
PROBES = [  # short and long, in one padded batch: what the check runs through both
    "The pipeline would create 30,000 jobs in the state.",
    "Says Hillary Clinton wants to raise taxes on the middle class by $4 trillion over a "
    "decade, and that the new plan would cut Medicare for 20 million seniors in Florida.",
    "x",
]


def backend_wanted(backend: str | None = None) -> str:
    """The backend asked for: ``backend``, else ``$ATTRIBUTION_ENCODER``, else ``auto``.

    Args:
        backend: "auto", "onnx" or "torch", or None for the environment's choice.
    """
    wanted = (backend or os.environ.get(ENV_BACKEND) or "auto").strip().lower()
    if wanted not in BACKENDS:
        raise ModelError(
            f"unknown encoder backend {wanted!r} (from {ENV_BACKEND} or the caller): "
            f"use one of {', '.join(BACKENDS)}"
        )
    return wanted


def available() -> bool:
    """Whether ONNX Runtime and onnx (which torch's exporter needs) are installed."""
    try:
        import onnx  # noqa: F401
        import onnxruntime  # noqa: F401
    except ImportError:
        return False
    return True


@dataclass(slots=True)
class OnnxModel:
    """An exported model: ``run`` gives the unit vectors of tokenised texts."""

    path: Path
    inputs: tuple[str, ...]
    threads: int = 1
    _sessions: dict[int, Any] = field(default_factory=dict)

    def run(self, features: dict[str, Any], *, threads: int = 1):
        """Unit-length float32 vectors of a tokenised batch.

        Args:
            features: the sentence-transformers tokenizer's output (torch tensors).
            threads: ONNX Runtime threads for this call (1 for a query).
        """
        import numpy as np

        feed = {name: features[name].numpy() for name in self.inputs}
        (vectors,) = self._session(threads).run(None, feed)
        return np.ascontiguousarray(vectors, dtype=np.float32)

    def _session(self, threads: int):
        session = self._sessions.get(threads)
        if session is None:
            import onnxruntime as ort

            options = ort.SessionOptions()
            options.intra_op_num_threads = threads
            options.inter_op_num_threads = 1
            # idle pool threads sleep instead of spinning: the machine is shared
            options.add_session_config_entry("session.intra_op.allow_spinning", "0")
            options.log_severity_level = 3
            session = ort.InferenceSession(
                str(self.path), options, providers=["CPUExecutionProvider"]
            )
            self._sessions[threads] = session
        return session


def cache_file(model_path: Path, cache_root: Path) -> Path:
    """Where the export of the model in ``model_path`` is kept: a folder per model path, a
    file named by the model's files (their names, sizes and modification times).

    Args:
        model_path: the sentence-transformers model directory.
        cache_root: the cache's folder (``models_dir()/onnx``).
    """
    where = hashlib.sha256(str(model_path.resolve()).encode()).hexdigest()[:16]
    files = hashlib.sha256(f"format {FORMAT}\n".encode())
    for item in sorted(model_path.rglob("*")):
        name = item.relative_to(model_path)
        if item.is_file() and not any(part.startswith(".") for part in name.parts):
            stat = item.stat()
            files.update(f"{name}\t{stat.st_size}\t{stat.st_mtime_ns}\n".encode())
    return cache_root / where / f"model-{files.hexdigest()[:16]}.onnx"


def load_onnx(model, model_path: Path, cache_root: Path) -> OnnxModel:
    """The ONNX Runtime copy of ``model`` (a loaded SentenceTransformer on the CPU), exported
    into the cache when missing or stale, and checked against torch on :data:`PROBES`.

    Args:
        model: the SentenceTransformer loaded from ``model_path``.
        model_path: its directory (what the cache is keyed by).
        cache_root: the cache's folder.

    Raises:
        ModelError: the export, the runtime or the check failed (the caller may use torch).
    """
    target = cache_file(model_path, cache_root)
    features = model.preprocess(PROBES)
    inputs = tuple(
        name for name in ("input_ids", "attention_mask", "token_type_ids") if name in features
    )
    fresh = not target.is_file()
    if fresh:
        _export(model, features, inputs, target)
    onnx_model = OnnxModel(path=target, inputs=inputs)
    try:
        got = onnx_model.run(features)
    except Exception as exc:  # a truncated or foreign file in the cache: export it again
        if fresh:
            raise ModelError(
                f"ONNX Runtime cannot run {target}: {type(exc).__name__}: {exc}"
            ) from exc
        target.unlink(missing_ok=True)
        _export(model, features, inputs, target)
        onnx_model = OnnxModel(path=target, inputs=inputs)
        got = onnx_model.run(features)
    from .embeddings import _forward

    worst = float(abs(got - _forward(model, PROBES)).max())
    if not worst <= TOLERANCE:
        raise ModelError(
            f"the ONNX export of {model_path} differs from torch by {worst:.2g} (allowed "
            f"{TOLERANCE:g}); torch is used"
        )
    return onnx_model


def _whole(model, inputs: tuple[str, ...]):
    """The module torch exports: the whole sentence-transformers pipeline (token network,
    pooling, any dense layers) and the final normalisation, from positional inputs."""
    import torch

    class Whole(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.model = model

        def forward(self, *tensors):
            out = self.model(dict(zip(inputs, tensors)))["sentence_embedding"]
            return torch.nn.functional.normalize(out, p=2, dim=1)

    return Whole().eval()


def _export(model, features, inputs: tuple[str, ...], target: Path) -> None:
    """Export ``model`` to ``target`` (written beside it, then renamed: a reader never sees
    half a file, and two processes exporting at once both leave a whole one)."""
    import warnings

    import torch

    target.parent.mkdir(parents=True, exist_ok=True)
    fd, partial = tempfile.mkstemp(suffix=".onnx.partial", dir=target.parent)
    os.close(fd)
    axes = {name: {0: "texts", 1: "tokens"} for name in inputs}
    try:
        with warnings.catch_warnings(), torch.inference_mode(False), torch.no_grad():
            warnings.simplefilter("ignore")  # the tracer's warnings about shape-dependent code
            torch.onnx.export(
                _whole(model, inputs),
                tuple(features[name] for name in inputs),
                partial,
                input_names=list(inputs),
                output_names=["sentence_embedding"],
                dynamic_axes={**axes, "sentence_embedding": {0: "texts"}},
                opset_version=17,
                dynamo=False,
            )
        os.replace(partial, target)
    except Exception as exc:
        raise ModelError(
            f"cannot export the embedding model to ONNX ({target}): {type(exc).__name__}: "
            f"{str(exc).splitlines()[0] if str(exc) else ''}"
        ) from exc
    finally:
        Path(partial).unlink(missing_ok=True)
    for older in target.parent.glob("model-*.onnx"):  # the stale exports of this model
        if older != target:
            older.unlink(missing_ok=True)


__all__ = ["BACKENDS", "ENV_BACKEND", "OnnxModel", "available", "backend_wanted", "load_onnx"]
