import os
import subprocess
import sys
from pathlib import Path


def _threads_in_fresh_process(**env) -> str:
    clean = {k: v for k, v in os.environ.items() if not k.endswith("_NUM_THREADS") and k != "TECHMARKET_NATIVE_THREADS"}
    code = "import techmarket, os; print(os.environ['OMP_NUM_THREADS'], os.environ['OPENBLAS_NUM_THREADS'])"
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run([sys.executable, "-c", code], env={**clean, **env}, cwd=root, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


def test_the_platform_gives_native_pools_one_thread_before_anything_loads_them():
    assert _threads_in_fresh_process() == "1 1"
    assert _threads_in_fresh_process(TECHMARKET_NATIVE_THREADS="2") == "2 2"
    assert _threads_in_fresh_process(OMP_NUM_THREADS="4").startswith("4 ")


def test_waiting_openmp_threads_sleep_unless_the_environment_says_otherwise():
    clean = {k: v for k, v in os.environ.items() if k != "OMP_WAIT_POLICY"}
    code = "import techmarket, os; print(os.environ['OMP_WAIT_POLICY'])"
    root = Path(__file__).resolve().parents[2]
    for env, expected in (({}, "PASSIVE"), ({"OMP_WAIT_POLICY": "ACTIVE"}, "ACTIVE")):
        out = subprocess.run(
            [sys.executable, "-c", code], env={**clean, **env}, cwd=root, capture_output=True, text=True
        )
        assert out.stdout.strip() == expected, out.stderr
