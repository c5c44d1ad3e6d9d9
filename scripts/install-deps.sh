#!/usr/bin/env bash
# Installs what govsim needs to build and test (clang and its runtime for the fuzzer), and nothing that is already there.
# Idempotent: a second run only checks. Debian packages via apt-get; Python packages into .venv.
set -euo pipefail
cd "$(dirname "$0")/.."

apt_packages=(
  build-essential cmake ninja-build ccache pkg-config
  libeigen3-dev libboost-graph-dev libboost-random-dev libnlopt-cxx-dev
  nlohmann-json3-dev libcli11-dev libgtest-dev libgmock-dev libbenchmark-dev
  python3 python3-venv
  clang-14 libclang-rt-14-dev
)

missing=()
for p in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "install-deps: installing ${missing[*]}" >&2
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# Python tools for the tests, in the project's own virtual environment.
venv=.venv
if [ ! -x "$venv/bin/pip" ]; then  # no pip: absent, or left half-made by an earlier failure
  echo "install-deps: creating $venv" >&2
  rm -rf "$venv"
  python3 -m venv "$venv"
fi
# jsonschema for the schema test; pybind11 to build the Python module; the Python package's own
# dependencies (numpy, pandas, pyarrow for Parquet, matplotlib, tqdm, Dask) and what its tests use
# (pytest; nbclient, nbformat and ipykernel to execute the example notebooks).
py_packages=(jsonschema pybind11 numpy pandas pyarrow matplotlib tqdm "dask[distributed]" pytest nbclient nbformat ipykernel)
py_modules=(jsonschema pybind11 numpy pandas pyarrow matplotlib tqdm distributed pytest nbclient nbformat ipykernel)
py_missing=()
for i in "${!py_modules[@]}"; do
  "$venv/bin/python" -c "import ${py_modules[$i]}" 2>/dev/null || py_missing+=("${py_packages[$i]}")
done
if ((${#py_missing[@]})); then
  echo "install-deps: installing ${py_missing[*]} into $venv" >&2
  "$venv/bin/python" -m pip install -q --disable-pip-version-check "${py_missing[@]}"
fi
