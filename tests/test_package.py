"""The package surface: lazy entry points, and a CLI that starts without stanza."""

from __future__ import annotations

import subprocess
import sys

import attribution


def test_every_exported_name_resolves():
    for name in attribution.__all__:
        assert getattr(attribution, name) is not None, name


def test_the_cli_and_the_claim_store_load_without_stanza():
    # stanza pulls in torch (about 1.5 s): only reading or making a parse may import it.
    probe = (
        "import sys; from attribution.cli import main; import attribution.matching, "
        "attribution.claims; print(sorted(m for m in ('stanza', 'torch') if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
