# Sourced by scripts/serve and scripts/test: make .venv and install the project into it.
# Re-installs only when pyproject.toml changed since the last install (a stamp file records it).
# Usage: ensure_venv [extra]   e.g. ensure_venv test
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"

ensure_venv() {
    local extra="${1:-}"
    local spec="$ROOT"
    [ -n "$extra" ] && spec="$ROOT[$extra]"
    local stamp="$VENV/.tend-installed${extra:+-$extra}"
    if [ ! -x "$VENV/bin/python" ]; then
        echo "tend: creating $VENV" >&2
        python3 -m venv "$VENV"
    fi
    if [ ! -f "$stamp" ] || [ "$ROOT/pyproject.toml" -nt "$stamp" ]; then
        echo "tend: installing dependencies${extra:+ ($extra)}" >&2
        "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip
        "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -e "$spec"
        touch "$stamp"
    fi
    # What pip does for an installed package, an editable install leaves to the first import: without
    # byte-code on disk (and with PYTHONDONTWRITEBYTECODE set, as here) every start compiles Tend's
    # modules again, some 0.6 s. Up to date, this checks timestamps only.
    "$VENV/bin/python" -m compileall -q "$ROOT/companion" >/dev/null
}
