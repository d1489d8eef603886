"""The README's library examples run verbatim, and say what they print.

Each ```python block runs as it is written, in a scratch directory where ``corpora/`` is
the project's own (the examples read the hand-checked CoNLL-U: no models, no network).
A line ``expression  # 'value'`` also checks that the expression gives that value.
"""

from __future__ import annotations

import ast
import csv
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"^```python\n(.*?)^```$", README, re.MULTILINE | re.DOTALL)
# "normalise_name("PRESIDENT OBAMA")  # 'obama'": an expression and the value it shows.
SHOWN = re.compile(r"^(?P<expr>[^#\s][^#]*?)\s+# (?P<value>'[^']*')")


def test_the_readme_has_library_examples():
    assert len(BLOCKS) >= 2


@pytest.mark.parametrize("block", BLOCKS, ids=[f"block{i + 1}" for i in range(len(BLOCKS))])
def test_readme_example_runs_verbatim(block, tmp_path, monkeypatch, capsys):
    (tmp_path / "corpora").symlink_to(ROOT / "corpora")
    monkeypatch.chdir(tmp_path)
    namespace: dict = {"__name__": "readme"}
    exec(compile(block, "README.md", "exec"), namespace)  # noqa: S102 - the README's own code
    shown = [m for m in map(SHOWN.match, block.splitlines()) if m]
    for m in shown:
        assert eval(m["expr"], namespace) == ast.literal_eval(m["value"]), m["expr"]  # noqa: S307
    printed = capsys.readouterr().out
    if "write_records" in block:
        # The library example: the seed article's six quotes as CSV, the missing file skipped.
        assert "skipped: missing.txt: no such file" in printed
        with open(tmp_path / "quotes.csv", encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
        assert [r["doc"] for r in rows] == ["putin-china-2024"] * 6
    if "registry.canonical" in block:
        assert "Sergei Lavrov name-variant Lavrov" in printed and len(shown) == 5
