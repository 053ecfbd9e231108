"""Build the compiled core into the source tree (src/wenben/_core.abi3.so), for working on it
without reinstalling: ``pip install -e .`` does the same through maturin.

    python scripts/build_core.py           # the release profile (what pip builds and benchmarks measure)
    python scripts/build_core.py --fast    # quick to build, for iterating on a rule
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    profile = "fast" if "--fast" in sys.argv else "release"
    manifest = ROOT / "core" / "Cargo.toml"
    done = subprocess.run(
        ["cargo", "build", "--manifest-path", str(manifest), "--profile", profile, "--features", "python"],
        check=False,
    )
    if done.returncode:
        return done.returncode
    built = ROOT / "core" / "target" / profile / "lib_core.so"
    target = ROOT / "src" / "wenben" / "_core.abi3.so"
    temporary = target.with_suffix(".tmp")
    shutil.copyfile(built, temporary)
    temporary.replace(target)  # a running Python keeps the old file's inode
    print(f"built {target.relative_to(ROOT)} ({profile})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
