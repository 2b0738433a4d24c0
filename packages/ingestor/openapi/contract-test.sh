#!/usr/bin/env bash
# Contract test: Schemathesis (pinned, installed once from PyPI into the tool cache) generates requests from the
# served OpenAPI document and runs them against the built ingestor on the real local broker, checking that no
# response is a 5xx and that every response conforms to the document (status, content type, headers, schema,
# Allow on 405, undocumented methods refused).
#
# Not run: positive_data_acceptance and negative_data_rejection. Binary mode needs ce-specversion, ce-id,
# ce-source and ce-type together (and ignores ce-* headers without ce-specversion), and Content-Encoding: gzip
# needs a gzip body: OpenAPI cannot say that header parameters depend on each other, so schema-valid requests
# are refused (a lone ce-specversion) and schema-invalid ones accepted (an empty ce-type without
# ce-specversion). The unit tests (src/http/openapi) check acceptance and refusal per body form instead.
#
#   packages/ingestor/openapi/contract-test.sh        (make test-contract builds first)
#
# CONTRACT_MAX_EXAMPLES (default 100) bounds the test cases per operation; CONTRACT_SEED (default 1) fixes them
# (set another seed to explore). Without python3 it prints one explicit SKIPPED line and succeeds, like
# scripts/actionlint.sh without Go.
set -euo pipefail

SCHEMATHESIS_VERSION=4.32.5
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
TOOLS="${EI_TOOLS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/event-ingestor}/tools"
VENV="$TOOLS/schemathesis-$SCHEMATHESIS_VERSION"
MAIN="$ROOT/packages/ingestor/dist/main.js"

if [ ! -f "$VENV/.installed" ]; then
  if ! command -v python3 >/dev/null 2>&1; then
    echo "SKIPPED: contract test (no python3 to install schemathesis $SCHEMATHESIS_VERSION)"
    exit 0
  fi
  echo "contract: installing schemathesis $SCHEMATHESIS_VERSION into $VENV (once)" >&2
  # A venv is not relocatable: built in place, marked complete last, so an interrupted install is redone.
  rm -rf "$VENV"
  mkdir -p "$TOOLS"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION" >&2
  touch "$VENV/.installed"
fi
[ -f "$MAIN" ] || { echo "contract: $MAIN is missing; build first (make test-contract does)" >&2; exit 1; }

bash "$ROOT/scripts/kafka.sh" up >&2
BROKERS=$(bash "$ROOT/scripts/kafka.sh" bootstrap)
SUFFIX="$(date +%s)-$$"
TOPIC="contract.events.$SUFFIX"
DLQ="contract.dlq.$SUFFIX"
bash "$ROOT/scripts/kafka.sh" topics "$TOPIC" "$DLQ" >&2
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

LOG=$(mktemp)
# Schemathesis keeps a cache (.schemathesis/) in its working directory: a scratch one, not the repo.
WORK=$(mktemp -d)
KAFKA_BROKERS="$BROKERS" KAFKA_TOPIC="$TOPIC" KAFKA_DLQ_TOPIC="$DLQ" KAFKA_MIN_ISR_REQUIRED=1 PORT="$PORT" \
  LOG_LEVEL=warn SHUTDOWN_DELAY_MS=0 node "$MAIN" >"$LOG" 2>&1 &
PID=$!
stop() {
  kill "$PID" 2>/dev/null || true
  wait "$PID" 2>/dev/null || true
  rm -rf "$LOG" "$WORK"
}
trap stop EXIT

URL="http://127.0.0.1:$PORT"
for _ in $(seq 1 150); do
  if node -e 'fetch(process.argv[1]).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))' "$URL/readyz"; then
    break
  fi
  if ! kill -0 "$PID" 2>/dev/null; then
    echo "contract: the ingestor exited:" >&2
    cat "$LOG" >&2
    exit 1
  fi
  sleep 0.2
done

status=0
(cd "$WORK" && "$VENV/bin/st" run "$URL/openapi.json" \
  --checks all \
  --exclude-checks positive_data_acceptance,negative_data_rejection \
  --max-examples "${CONTRACT_MAX_EXAMPLES:-100}" \
  --seed "${CONTRACT_SEED:-1}" \
  --workers 1 \
  --generation-database none \
  --no-color) || status=$?
if grep -q '"level":50' "$LOG"; then
  echo "contract: the ingestor logged errors:" >&2
  grep '"level":50' "$LOG" >&2
  status=1
fi
exit "$status"
