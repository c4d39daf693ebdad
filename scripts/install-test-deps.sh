#!/usr/bin/env bash
# Installs what the test suite needs beyond the .NET SDK, on Debian/Ubuntu, and only what is missing:
#   python3        trial programs in the process tests are small Python scripts
#   python3-sklearn  the Azure ML SDK v1 example (examples/azureml-v1) trains with scikit-learn, with Debian's
#                  /usr/bin/python3, as its driver test runs it
#   python3-pip    the Python package `hypersweep python-path` writes is installed offline with pip in a test
#   jupyter        the v1 notebook (examples/azureml-v1/hyperdrive.ipynb) runs under real Jupyter: jupyter-nbconvert,
#                  python3-nbconvert, python3-ipykernel
#   node + npm     the dashboard's build restores its chart library with npm ci
#   chromium       the dashboard's browser tests (scripts/install-browser.sh)
# Services are started by their own scripts: scripts/start-postgres.sh, scripts/start-slurm.sh.
set -euo pipefail
cd "$(dirname "$0")"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

missing=()
command -v python3 >/dev/null 2>&1 || [ -x /usr/bin/python3 ] || missing+=(python3)
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
{ [ -x /usr/bin/python3 ] && /usr/bin/python3 -c "import sklearn, joblib" >/dev/null 2>&1; } || missing+=(python3 python3-sklearn python3-joblib)
{ /usr/bin/python3 -m pip --version && /usr/bin/python3 -c "import setuptools"; } >/dev/null 2>&1 || missing+=(python3-pip python3-setuptools)
{ [ -x /usr/bin/jupyter-nbconvert ] && /usr/bin/python3 -c "import nbconvert, ipykernel" >/dev/null 2>&1; } || missing+=(jupyter-nbconvert python3-nbconvert python3-ipykernel)

if [ "${#missing[@]}" -gt 0 ]; then
  echo "install-test-deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

./install-browser.sh
echo "install-test-deps: python3 (with scikit-learn), Jupyter (nbconvert, ipykernel), npm and chromium present"
