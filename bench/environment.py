"""Measurements in separate processes: import times, and the learner's installed environment."""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

IMPORTS = {
    "helpers": "import helpers",
    "helpers_setup": "import helpers; helpers.setup()",
    "altair": "import altair",
}
"""What a fresh process imports, by name: ``import helpers`` alone is lazy (no Altair);
the lesson's set-up cell also pays for Altair."""


def import_seconds(code: str, runs: int = 5, cwd: Path | None = None) -> dict:
    """Median and all seconds (wall and CPU) of ``code`` in ``runs`` fresh Python processes
    of this interpreter."""
    timer = (f"import time; t, c = time.perf_counter(), time.process_time(); {code}; "
             "print(time.perf_counter() - t, time.process_time() - c)")
    seconds, cpu = [], []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", timer], capture_output=True, text=True, cwd=cwd, check=True)
        wall, used = out.stdout.split()[-2:]
        seconds.append(float(wall))
        cpu.append(float(used))
    return {"median_seconds": statistics.median(seconds), "seconds": seconds,
            "median_cpu_seconds": statistics.median(cpu)}


def requirements_key(root: Path) -> str:
    """Hash of what decides the learner's environment: the pinned requirements and the Python version."""
    digest = hashlib.sha256((root / "binder" / "requirements.txt").read_bytes())
    digest.update(f"{sys.version_info.major}.{sys.version_info.minor}".encode())
    return digest.hexdigest()[:16]


def disk_bytes(folder: Path) -> int:
    """Bytes the files under ``folder`` occupy on disk (allocated blocks, hard links once)."""
    seen, total = set(), 0
    for dirpath, _dirs, files in os.walk(folder):
        for name in files:
            st = os.lstat(os.path.join(dirpath, name))
            if (st.st_dev, st.st_ino) not in seen:
                seen.add((st.st_dev, st.st_ino))
                total += st.st_blocks * 512
    return total


def build_learner_env(root: Path, cache: Path, log=print) -> Path:
    """A throwaway venv with binder/requirements.txt and the course (``--no-deps -e .``), as Binder
    installs it, without the test tools. Cached in ``cache/learner-env-<hash>``: rebuilt only
    when the requirements change."""
    key = requirements_key(root)
    env = cache / f"learner-env-{key}"
    if (env / ".complete").exists():
        return env
    for old in cache.glob("learner-env-*"):
        shutil.rmtree(old)
    log(f"building the learner environment in {env} (a few minutes; cached for reruns)...")
    base = getattr(sys, "_base_executable", sys.executable)
    pip = [str(env / "bin" / "python"), "-m", "pip", "install", "-q", "--disable-pip-version-check"]
    for step in ([base, "-m", "venv", str(env)], [*pip, "-r", str(root / "binder" / "requirements.txt")],
                 [*pip, "--no-deps", "-e", str(root)]):
        done = subprocess.run(step, cwd=root, capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"building the learner environment failed at {' '.join(step)}:\n{done.stderr[-3000:]}")
    (env / ".complete").write_text(key)
    return env


def describe_env(env: Path, largest: int = 8) -> dict:
    """Size on disk (MB), number of installed distributions, and the largest distributions."""
    listing = subprocess.run(
        [str(env / "bin" / "python"), "-c",
         "import importlib.metadata as m, json; print(json.dumps(sorted("
         "[d.metadata['Name'], [str(f) for f in (d.files or [])]] for d in m.distributions())))"],
        capture_output=True, text=True, check=True)
    dists = json.loads(listing.stdout)
    site = next((env / "lib").glob("python*/site-packages"))
    sizes = []
    for name, files in dists:
        size = sum((site / f).stat().st_size for f in files if (site / f).is_file())
        sizes.append({"name": name, "mb": size / 1e6})
    sizes.sort(key=lambda d: -d["mb"])
    return {
        "mb": disk_bytes(env) / 1e6,
        "distributions": len({name.lower() for name, _ in dists}),
        "largest": sizes[:largest],
        "requirements_key": (env / ".complete").read_text().strip(),
    }
