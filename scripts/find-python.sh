#!/usr/bin/env bash
# Print a working interpreter for Python VERSION (e.g. 3.10): PATH first, then pyenv's folders.
version="$1"
for candidate in "$(command -v "python$version" 2>/dev/null)" "$HOME"/.pyenv/versions/"$version".*/bin/python; do
  if [ -n "$candidate" ] && [ -x "$candidate" ] && "$candidate" -c 'import sys, venv' 2>/dev/null; then
    if "$candidate" -c "import sys; sys.exit(0 if '%d.%d' % sys.version_info[:2] == '$version' else 1)"; then
      echo "$candidate"
      exit 0
    fi
  fi
done
exit 1
