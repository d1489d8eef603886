"""Static sentence vectors distilled from a sentence-transformers model (model2vec-style).

Distilling runs the full model once over every token of its vocabulary, each token alone
("[CLS] token [SEP]"), and keeps the model's output at the token's position. A
sentence's vector is then the weighted sum of its tokens' vectors, normalised: no neural
network at encoding time, so thousands of claims a second on one core, against tens
with the full model. It ranks less well than the full model; the store records which
model made its vectors, and :func:`attribution.embeddings.load_encoder` reads either kind
of directory.

A static model directory holds ``static.json`` (format, source model, dimension,
weighting), ``tokenizer.json`` (the source's tokenizer, for the ``tokenizers`` library)
and ``vectors.npy`` (one float32 row per token id, weight included; zero for the
special tokens and for tokens left out of a partial distillation).

Token vectors are centred on their mean (the component every token shares), then
weighted by how rare the token is, so that "the" counts little and "pipeline" much:

- ``idf``, from a text corpus given at distillation (``corpus``: news text, one document
  a line; measured below, the better choice): ``log((N + 1) / (df + 1))``;
- ``sif`` without one: a BERT WordPiece vocabulary lists its words roughly by frequency,
  so a token's rank stands for its frequency (Zipf), weighted ``a / (a + p(rank))``.

Measured on CheckThat 2A dev / 2B dev, ranking by cosine alone (``benchmarks/encoders.py``):
idf from 19k lines of PolNeAR news 0.70 / 0.29, sif by rank 0.45 / 0.23, the full model
0.93 / 0.39. The choices (the output at the token's position rather than the pooled
sentence vector, centring, idf) were made on 2A dev and 2B train.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import ModelError

MANIFEST = "static.json"
FORMAT = "attribution-static/1"
MAX_TOKENS = 512  # a 100 KB claim is read by its start, as the full model does
SIF_A = 1e-3
_CHUNK = 8_192  # texts tokenized at once


def is_static(path: Path) -> bool:
    """Whether ``path`` is a static model directory (it has a ``static.json``)."""
    return (path / MANIFEST).is_file()


def sif_weights(size: int, first_word: int):
    """Smooth-inverse-frequency weights by vocabulary rank (Zipf), 1.0 before ``first_word``.

    Args:
        size: the vocabulary's size.
        first_word: the id of the first ordinary word (ids below are special tokens,
            unused slots and single characters, which have no rank to speak of).
    """
    import numpy as np

    rank = np.arange(1, size + 1, dtype=np.float64) - first_word
    rank[rank < 1] = size  # no rank known: weighted as a rare token
    proba = 1.0 / rank
    proba /= proba.sum()
    return (SIF_A / (SIF_A + proba)).astype(np.float32)


def _first_word(vocab: dict[str, int]) -> int:
    """The id of "the" (BERT's first frequency-ranked word), else 0."""
    return vocab.get("the", vocab.get("▁the", vocab.get("Ġthe", 0)))


def idf_weights(tokenizer, corpus: Iterable[str], size: int):
    """Inverse document frequency of each token id over ``corpus`` (one document an item).

    Args:
        tokenizer: the model's (Hugging Face) tokenizer.
        corpus: documents, e.g. the lines of news text files.
        size: the vocabulary's size.
    """
    import numpy as np

    df = np.zeros(size, dtype=np.float64)
    documents = 0
    batch: list[str] = []
    for text in (*corpus, None):
        if text is not None and text.strip():
            batch.append(text)
        if batch and (text is None or len(batch) == 1024):
            for ids in tokenizer(batch, add_special_tokens=False, verbose=False)["input_ids"]:
                df[np.unique(np.asarray(ids, dtype=np.int64))] += 1
            documents += len(batch)
            batch = []
    if not documents:
        raise ModelError("the corpus given to distil token weights from holds no text")
    return np.log((documents + 1) / (df + 1)).astype(np.float32), documents


def distill(
    source: str,
    target: Path,
    *,
    corpus: Iterable[str] | None = None,
    limit: int | None = None,
    batch_size: int = 512,
    progress: Callable[[int], None] | None = None,
    device: str | None = None,
) -> Path:
    """Write a static model distilled from the sentence-transformers model ``source``.

    Args:
        source: a model directory or downloaded name (see :func:`attribution.embeddings.locate`).
        target: the directory to write (created; an existing static model there is replaced).
        corpus: documents (e.g. lines of news text) to weigh tokens by idf; None: by rank.
        limit: distil only the first ``limit`` ordinary words (tests); others get zero vectors.
        batch_size: tokens per forward pass.
        progress: called with the number of tokens done after each batch.
        device: "cpu", "cuda", ...; default: a GPU where torch sees one.

    Returns:
        The target directory.
    """
    import numpy as np
    import torch

    from .embeddings import load_encoder, locate

    encoder = load_encoder(source, device=device)
    model = encoder.model
    tokenizer = getattr(model, "tokenizer", None)
    tokenizer_file = locate(source) / "tokenizer.json"
    if tokenizer is None or not tokenizer_file.is_file():
        raise ModelError(f"{locate(source)} has no tokenizer.json: cannot distil a static model")
    vocab: dict[str, int] = tokenizer.get_vocab()
    size = max(vocab.values()) + 1
    special = set(tokenizer.all_special_ids)
    first = _first_word(vocab)
    ids = [i for i in range(size) if i not in special]
    if limit is not None:
        ids = [i for i in ids if i >= first][:limit]
    cls_id, sep_id = tokenizer.cls_token_id, tokenizer.sep_token_id
    vectors = np.zeros((size, encoder.dim), dtype=np.float32)
    done = 0
    model.eval()
    with torch.inference_mode():
        for start in range(0, len(ids), batch_size):
            chunk = ids[start : start + batch_size]
            rows = [[i] for i in chunk]
            if cls_id is not None and sep_id is not None:
                rows = [[cls_id, i, sep_id] for i in chunk]
            input_ids = torch.tensor(rows, device=model.device)
            features = {
                "input_ids": input_ids,
                "attention_mask": torch.ones_like(input_ids),
                "token_type_ids": torch.zeros_like(input_ids),
            }
            out = model(features)["token_embeddings"][:, 1 if len(rows[0]) == 3 else 0]
            vectors[chunk] = out.float().cpu().numpy()
            done += len(chunk)
            if progress:
                progress(len(chunk))
    # Every token's vector shares a common direction (unrelated sentences would score
    # 0.6): centre them on their mean, as SIF removes the common component.
    vectors[ids] -= vectors[ids].mean(axis=0)
    if corpus is not None:
        weights, documents = idf_weights(tokenizer, corpus, size)
        weighting = f"idf over {documents} documents"
    else:
        weights, weighting = sif_weights(size, first), f"sif a={SIF_A} by vocabulary rank"
    vectors *= weights[:, None]
    target = Path(target)
    target.mkdir(parents=True, exist_ok=True)
    np.save(target / "vectors.npy", vectors)
    shutil.copyfile(tokenizer_file, target / "tokenizer.json")
    manifest = {
        "format": FORMAT,
        "source": encoder.name,
        "dim": encoder.dim,
        "weighting": weighting,
        "tokens": done,
    }
    (target / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return target


@dataclass(frozen=True, slots=True)
class StaticModel:
    """A loaded static model: a tokenizer and one vector per token id."""

    path: Path
    source: str
    dim: int
    tokenizer: Any
    vectors: Any

    def encode(self, texts: Sequence[str], *, batch_size: int = 0):
        """Unit-length float32 vectors, one row per text (a text without tokens: zeros).

        Args:
            texts: the texts.
            batch_size: ignored (the whole list is one pass); kept for the encoder interface.
        """
        import numpy as np
        from scipy.sparse import csr_matrix

        # encode_batch_fast (tokenizers >= 0.21) skips the character offsets we do not use
        tokenize = getattr(self.tokenizer, "encode_batch_fast", self.tokenizer.encode_batch)
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for start in range(0, len(texts), _CHUNK):
            encodings = tokenize(list(texts[start : start + _CHUNK]), add_special_tokens=False)
            ids = [e.ids[:MAX_TOKENS] for e in encodings]
            lengths = np.fromiter(map(len, ids), dtype=np.int64, count=len(ids))
            flat = np.fromiter((i for row in ids for i in row), dtype=np.int64)
            # A (texts x tokens) count matrix times the token vectors sums each text's
            # tokens: 60x faster than gathering every token's row and np.add.reduceat
            # (20k claims: 0.16 s against 10 s, which capped imports at ~2,000 claims/s).
            counts = csr_matrix(
                (
                    np.ones(len(flat), dtype=np.float32),
                    flat,
                    np.concatenate([[0], np.cumsum(lengths)]),
                ),
                shape=(len(ids), len(self.vectors)),
            )
            out[start : start + len(ids)] = counts @ self.vectors
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        np.divide(out, norms, out=out, where=norms > 0)
        return out


def load_static(path: Path) -> StaticModel:
    """Load the static model directory ``path``; a damaged one is a ModelError naming it.

    Args:
        path: a directory written by :func:`distill`.
    """
    import numpy as np

    try:
        from tokenizers import Tokenizer
    except ImportError as exc:
        raise ModelError(
            "static embeddings need the semantic extra: pip install 'attribution[semantic]'"
        ) from exc
    try:
        manifest = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
        if manifest.get("format") != FORMAT:
            raise ValueError(f"format {manifest.get('format')!r}, not {FORMAT}")
        vectors = np.load(path / "vectors.npy", mmap_mode="r")
        tokenizer = Tokenizer.from_file(str(path / "tokenizer.json"))
        tokenizer.no_truncation()
        tokenizer.no_padding()
        dim = int(manifest["dim"])
        if vectors.ndim != 2 or vectors.shape[1] != dim:
            raise ValueError(f"vectors.npy is {vectors.shape}, not (tokens, {dim})")
    except Exception as exc:  # a damaged directory fails in many ways
        raise ModelError(
            f"cannot load the static embedding model in {path}: {type(exc).__name__}: "
            f"{str(exc).splitlines()[0] if str(exc) else ''} (rerun `attribution claims distill`)"
        ) from exc
    return StaticModel(
        path=path,
        source=str(manifest.get("source", "")),
        dim=dim,
        tokenizer=tokenizer,
        vectors=np.ascontiguousarray(vectors, dtype=np.float32),
    )


__all__ = [
    "FORMAT",
    "StaticModel",
    "distill",
    "idf_weights",
    "is_static",
    "load_static",
    "sif_weights",
]
