#!/usr/bin/env bash
# `promtool check metrics` on what a running ingestor exports: starts the built ingestor on the real local broker
# (scripts/kafka.sh; KAFKA_BROKERS wins), sends a few requests so the labelled families have samples (202, a
# dead-lettered event, 404, 405), reads GET /metrics and lints it with the pinned promtool (scripts/promtool.sh).
#
#   ops/check-metrics.sh        (make test-ops builds first)
#
# promtool's linter checks names, units, HELP and the counter `_total` suffix; any problem fails the check.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
MAIN="$ROOT/packages/ingestor/dist/main.js"
PROMTOOL=$(bash "$ROOT/scripts/promtool.sh" --path)
case "$PROMTOOL" in SKIPPED:*) echo "$PROMTOOL"; exit 0 ;; esac
[ -f "$MAIN" ] || { echo "check-metrics: $MAIN is missing; build first (make test-ops does)" >&2; exit 1; }

bash "$ROOT/scripts/kafka.sh" up >&2
BROKERS=$(bash "$ROOT/scripts/kafka.sh" bootstrap)
SUFFIX="$(date +%s)-$$"
TOPIC="ops.events.$SUFFIX"
DLQ="ops.dlq.$SUFFIX"
bash "$ROOT/scripts/kafka.sh" topics "$TOPIC" "$DLQ" >&2
PORT=$(node -e 'const s = require("node:net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })')

LOG=$(mktemp)
METRICS=$(mktemp)
KAFKA_BROKERS="$BROKERS" KAFKA_TOPIC="$TOPIC" KAFKA_DLQ_TOPIC="$DLQ" KAFKA_MIN_ISR_REQUIRED=1 PORT="$PORT" \
  LOG_LEVEL=warn SHUTDOWN_DELAY_MS=0 node "$MAIN" >"$LOG" 2>&1 &
PID=$!
stop() {
  kill "$PID" 2>/dev/null || true
  wait "$PID" 2>/dev/null || true
  rm -f "$LOG" "$METRICS"
}
trap stop EXIT

URL="http://127.0.0.1:$PORT"
ready=0
for _ in $(seq 1 150); do
  if node -e 'fetch(process.argv[1]).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))' "$URL/readyz"; then
    ready=1
    break
  fi
  if ! kill -0 "$PID" 2>/dev/null; then break; fi
  sleep 0.2
done
if [ "$ready" != 1 ]; then
  echo "check-metrics: the ingestor did not become ready:" >&2
  cat "$LOG" >&2
  exit 1
fi

node - "$URL" >"$METRICS" <<'JS'
const url = process.argv[2];
const post = (body) => fetch(`${url}/events`, { method: "POST", headers: { "content-type": "application/json" }, body });
const statuses = [
  (await post('[{"type":"ops.check"},{"type":"ops.check","data":{"n":1}}]')).status,
  (await post('[{"type":"ops.check"},{"id":"no-type"}]')).status,
  (await fetch(`${url}/nowhere`)).status,
  (await fetch(`${url}/events`)).status,
];
if (statuses.join(",") !== "202,207,404,405") throw new Error(`unexpected statuses ${statuses.join(",")}`);
process.stdout.write(await (await fetch(`${url}/metrics`)).text());
JS

families=$(grep -c '^# TYPE ' "$METRICS")
"$PROMTOOL" check metrics <"$METRICS"
echo "promtool check metrics: $families metric families of a running ingestor, no problems"
