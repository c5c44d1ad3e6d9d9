import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# The build tree's package (build/python/govsim: the module and the copied sources), unless an
# installed govsim is asked for.
if "GOVSIM_PYTHON_DIR" in os.environ:
    os.environ["GOVSIM_PYTHON_DIR"] = os.path.abspath(os.environ["GOVSIM_PYTHON_DIR"])
    sys.path.insert(0, os.environ["GOVSIM_PYTHON_DIR"])
    # ... and for the processes tests start (Dask workers, notebook kernels).
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [os.environ["GOVSIM_PYTHON_DIR"], os.environ.get("PYTHONPATH")]))


@pytest.fixture
def root() -> Path:
    return ROOT


@pytest.fixture
def cli() -> str:
    path = os.environ.get("GOVSIM_CLI", str(ROOT / "build" / "bin" / "govsim"))
    if not Path(path).exists():
        pytest.skip("the govsim program is not built")
    return path
