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
PROMTOOL=$(bash "$ROOT/scripts/promtool.sh" --path)
case "$PROMTOOL" in SKIPPED:*) echo "$PROMTOOL"; exit 0 ;; esac
# shellcheck source=../scripts/lib/ingestor.sh
source "$ROOT/scripts/lib/ingestor.sh"
start_ingestor ops
METRICS="$SCRATCH/metrics"

node - "$INGESTOR_URL" >"$METRICS" <<'JS'
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
