"""Shared fixtures: paths to the corpora beside the project, the small models, PostgreSQL."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CORPORA = SHARED / "corpora"
SMALL_MODELS = SHARED / "models" / "stanza-en-small"
EMBEDDING_MODEL = SHARED / "models" / "all-MiniLM-L6-v2"
SEED = ROOT / "corpora" / "seed"
DATA = Path(__file__).resolve().parent / "data"

# What the tests' encoders cache (the ONNX export of the shared model) goes to a folder of
# this run, not the user's data directory; subprocesses of the CLI inherit it.
os.environ.setdefault("ATTRIBUTION_MODELS", tempfile.mkdtemp(prefix="attribution-test-models-"))


def _need(path: Path, what: str) -> Path:
    if not path.exists():
        pytest.skip(
            f"{what} not found at {path} (it sits beside the project on the developers' machines)"
        )
    return path


@pytest.fixture(scope="session")
def corpora_dir() -> Path:
    return _need(CORPORA, "the evaluation corpora")


@pytest.fixture(scope="session")
def small_models() -> Path:
    return _need(SMALL_MODELS / "resources.json", "the small stanza English models").parent


@pytest.fixture(scope="session")
def embedding_model() -> str:
    """The small sentence-embedding model beside the project (tests and benchmarks only)."""
    pytest.importorskip("sentence_transformers", reason="the semantic extra is not installed")
    return str(_need(EMBEDDING_MODEL / "config.json", "the all-MiniLM-L6-v2 model").parent)


@pytest.fixture(scope="session")
def pg_url() -> str:
    """URL of a real PostgreSQL server for the store tests (.ci/run starts one)."""
    url = os.environ.get("ATTRIBUTION_TEST_PG_URL")
    if not url:
        if os.environ.get("ATTRIBUTION_REQUIRE_PG"):
            pytest.fail("ATTRIBUTION_REQUIRE_PG is set but ATTRIBUTION_TEST_PG_URL is not")
        pytest.skip(
            "set ATTRIBUTION_TEST_PG_URL=postgresql://... to run the PostgreSQL tests (.ci/run "
            "does)"
        )
    return url
