"""The full model through ONNX Runtime: torch's vectors, the export cache, the choice of backend."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from attribution import embeddings
from attribution.claims import Claim, open_store
from attribution.embeddings import load_encoder
from attribution.errors import ModelError
from attribution.matching import match_text
from attribution.onnxencoder import cache_file, load_onnx

pytest.importorskip("onnxruntime", reason="ONNX Runtime (the onnx extra) is not installed")
pytest.importorskip("onnx", reason="onnx (the onnx extra) is not installed")

TEXTS = [
    "The pipeline would create 30,000 jobs in the state.",
    "we gave the military the largest salary increase in more than a decade",
    "Сергей Лавров заявил, что Запад стремится сохранить свою гегемонию.",
    "",
    "word " * 30_000,  # a 150 KB claim: cut at MAX_CHARS, then at the model's 256 tokens
    "#RepublicDay",
]


@pytest.fixture(scope="module")
def model_copy(embedding_model, tmp_path_factory) -> Path:
    """The shared model in a folder of its own (weights linked, small files copied), so
    one of its files can be touched; and a models directory of its own for the cache."""
    copy = tmp_path_factory.mktemp("model") / "minilm"
    shutil.copytree(
        embedding_model, copy, symlinks=True, ignore=shutil.ignore_patterns("*.safetensors")
    )
    for weights in Path(embedding_model).glob("*.safetensors"):
        (copy / weights.name).symlink_to(weights.resolve())
    return copy


@pytest.fixture
def models_dir(tmp_path_factory, monkeypatch) -> Path:
    where = tmp_path_factory.getbasetemp() / "onnx-models"
    monkeypatch.setenv("ATTRIBUTION_MODELS", str(where))
    return where


def _fresh(monkeypatch, name: str) -> None:
    """Forget the encoders this process loaded for ``name`` (as a new process would)."""
    for key in [k for k in embeddings._LOADED if k[0] == name]:
        monkeypatch.delitem(embeddings._LOADED, key)


def test_onnx_gives_torchs_vectors_for_queries_and_batches(model_copy, models_dir, monkeypatch):
    _fresh(monkeypatch, str(model_copy))
    onnx = load_encoder(str(model_copy), backend="onnx")
    torch = load_encoder(str(model_copy), backend="torch")
    assert (onnx.backend, torch.backend) == ("onnx", "torch")
    assert onnx.name == torch.name and onnx.dim == torch.dim == 384  # what the store records
    for text in TEXTS:  # one by one: a query's path
        assert abs(onnx._encode([text], 64) - torch._encode([text], 64)).max() < 1e-5
    many = TEXTS * 3  # a padded batch, longest first: an import's path
    assert abs(onnx._encode(many, 4) - torch._encode(many, 4)).max() < 1e-5


def test_the_export_is_cached_beside_the_models_and_redone_when_the_model_changes(
    model_copy, models_dir, monkeypatch
):
    _fresh(monkeypatch, str(model_copy))
    before = {p.name: p.stat().st_mtime_ns for p in model_copy.iterdir()}
    load_encoder(str(model_copy), backend="onnx")
    cached = cache_file(model_copy, models_dir / "onnx")
    assert cached.is_file() and cached.is_relative_to(models_dir)
    assert {p.name: p.stat().st_mtime_ns for p in model_copy.iterdir()} == before  # untouched
    made = cached.stat().st_mtime_ns

    _fresh(monkeypatch, str(model_copy))  # a new process: the file is reused, not re-exported
    load_encoder(str(model_copy), backend="onnx")
    assert cached.stat().st_mtime_ns == made

    config = model_copy / "config_sentence_transformers.json"
    os.utime(config, ns=(config.stat().st_atime_ns, config.stat().st_mtime_ns + 10**9))
    _fresh(monkeypatch, str(model_copy))
    load_encoder(str(model_copy), backend="onnx")
    renewed = cache_file(model_copy, models_dir / "onnx")
    assert renewed != cached and renewed.is_file() and not cached.exists()  # the stale one goes


def test_a_corrupt_cached_export_is_made_again(model_copy, models_dir, monkeypatch):
    _fresh(monkeypatch, str(model_copy))
    torch = load_encoder(str(model_copy), backend="torch")
    cached = cache_file(model_copy, models_dir / "onnx")
    cached.parent.mkdir(parents=True, exist_ok=True)
    cached.write_bytes(b"not an onnx model")
    onnx = load_onnx(torch.model, model_copy, models_dir / "onnx")
    assert cached.stat().st_size > 1_000_000
    vector = onnx.run(torch.model.preprocess([TEXTS[0]]))
    assert abs(vector - torch._encode([TEXTS[0]], 64)).max() < 1e-5


def test_the_backend_is_chosen_by_the_environment(model_copy, models_dir, monkeypatch):
    _fresh(monkeypatch, str(model_copy))
    monkeypatch.setenv("ATTRIBUTION_ENCODER", "torch")
    assert load_encoder(str(model_copy)).backend == "torch"
    monkeypatch.setenv("ATTRIBUTION_ENCODER", "auto")
    assert load_encoder(str(model_copy)).backend == "onnx"  # installed, and it gives torch's
    monkeypatch.setenv("ATTRIBUTION_ENCODER", "tensorflow")
    with pytest.raises(ModelError, match="unknown encoder backend 'tensorflow'"):
        load_encoder(str(model_copy))


def test_an_unwritable_cache_falls_back_to_torch_unless_onnx_is_asked_for(
    model_copy, tmp_path, monkeypatch
):
    blocked = tmp_path / "file"
    blocked.write_text("a file where the models directory should be")
    monkeypatch.setenv("ATTRIBUTION_MODELS", str(blocked))
    _fresh(monkeypatch, str(model_copy))
    assert load_encoder(str(model_copy), backend="auto").backend == "torch"
    with pytest.raises(ModelError, match="the ONNX encoder was asked for"):
        load_encoder(str(model_copy), backend="onnx")


def test_a_store_matches_the_same_with_either_backend(
    model_copy, models_dir, tmp_path, monkeypatch
):
    claims = [
        Claim(id="pay", text="Troops got raises for the first time in 10 years.", speaker="Trump"),
        Claim(id="jobs", text="The pipeline would create 30,000 jobs in the state."),
        Claim(id="cheese", text="The moon is made of cheese."),
        Claim(id="wind", text="Wind turbines cause cancer, says a new study."),
    ]
    db = tmp_path / "store.sqlite"
    _fresh(monkeypatch, str(model_copy))
    with open_store(str(db)) as store:  # vectors made by torch
        store.use_encoder(load_encoder(str(model_copy), backend="torch"))
        store.add_many(claims)
    found = {}
    for backend in ("torch", "onnx"):
        monkeypatch.setenv("ATTRIBUTION_ENCODER", backend)
        with open_store(str(db), read_only=True) as store:
            found[backend] = [
                [(m.claim_id, m.score) for m in match_text(store, query, speaker="Trump")]
                for query in ("we gave the military the largest salary increase", "30,000 jobs")
            ]
    assert found["onnx"] == found["torch"] and found["torch"][0][0][0] == "pay"
