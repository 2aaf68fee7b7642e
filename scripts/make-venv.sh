#!/usr/bin/env bash
# Create (or update) one of the project's two virtual environments.
#   scripts/make-venv.sh rasa      Python 3.10, Rasa server and training
#   scripts/make-venv.sh actions   Python 3.11, action server, index building, tests
set -euo pipefail
cd "$(dirname "$0")/.."
name="$1"
case "$name" in
  rasa) version=3.10; extras="rasa" ;;
  actions) version=3.11; extras="actions,dev" ;;
  *) echo "unknown environment: $name" >&2; exit 2 ;;
esac
python=$(scripts/find-python.sh "$version") || {
  echo "Python $version is needed for the '$name' environment and was not found on PATH or under ~/.pyenv." >&2
  echo "Install it, e.g. 'pyenv install $version' or your system's python$version and python$version-venv packages." >&2
  exit 1
}
mkdir -p build/logs
log="build/logs/pip-$name.log"
[ -x ".venvs/$name/bin/python" ] || "$python" -m venv ".venvs/$name"
echo "Installing the '$name' environment with $python (log: $log) ..."
if ! ".venvs/$name/bin/python" -m pip install --disable-pip-version-check -e ".[$extras]" >"$log" 2>&1; then
  grep -v "^WARNING: Location" "$log" | tail -25 >&2
  echo "pip failed for the '$name' environment; see $log" >&2
  exit 1
fi
touch ".venvs/$name/.installed"
