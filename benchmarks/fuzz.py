"""A longer fuzzing run of the property tests (tests/test_properties.py).

    python benchmarks/fuzz.py [--examples 2000] [--seed N] [--only NAME]

Runs every property (the input readers, the claim importers, match's reader) with
``--examples`` inputs each instead of CI's few dozen, random rather than CI's fixed
inputs, and prints per property the inputs tried and the crashes found (with
hypothesis's smallest failing input for each). Exit status 1 when any crash was found.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]


class _TmpFactory:
    """What the properties need of pytest's tmp_path_factory: fresh directories."""

    def __init__(self, base: Path):
        self.base, self.count = base, 0

    def mktemp(self, name: str) -> Path:
        self.count += 1
        path = self.base / f"{name}{self.count}"
        path.mkdir()
        return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=2000, help="inputs per property")
    parser.add_argument("--seed", type=int, default=None, help="hypothesis seed (random)")
    parser.add_argument("--only", default=None, help="run the properties whose name has this")
    args = parser.parse_args()

    import test_properties as props
    from hypothesis import HealthCheck, seed, settings

    tests = [
        (name, func)
        for name, func in vars(props).items()
        if name.startswith("test_") and callable(func) and (not args.only or args.only in name)
    ]
    crashes = 0
    with tempfile.TemporaryDirectory() as tmp:
        factory = _TmpFactory(Path(tmp))
        for name, func in tests:
            props.TRIED.clear()
            run = settings(
                max_examples=args.examples,
                deadline=None,
                derandomize=False,
                database=None,
                suppress_health_check=list(HealthCheck),
            )(func)
            if args.seed is not None:
                run = seed(args.seed)(run)
            started = time.monotonic()
            needs_tmp = "tmp_path_factory" in func.hypothesis.inner_test.__code__.co_varnames
            try:
                run(factory) if needs_tmp else run()
                found = 0
            except Exception as exc:  # a crash: hypothesis re-raises its smallest failing input
                found = len(getattr(exc, "exceptions", [exc]))
                print("".join(traceback.format_exception(exc)[-12:]), file=sys.stderr)
            crashes += found
            tried = sum(props.TRIED.values())
            print(
                f"{name:<55} inputs tried {tried:>7,}  crashes {found}  "
                f"({time.monotonic() - started:.0f} s)",
                flush=True,
            )
    print(f"crashes found: {crashes}")
    sys.exit(1 if crashes else 0)


if __name__ == "__main__":
    main()
