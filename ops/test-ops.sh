#!/usr/bin/env bash
# The operations pack's checks, in order (make test-ops; make ci after the build):
#   1. promtool check config   deploy/prometheus.yml (the compose Prometheus)
#   2. promtool check rules    ops/prometheus/alerts.yml
#   3. promtool test rules     ops/prometheus/alerts.test.yml (each alert fires, with its labels and text, and stays quiet)
#   4. the dashboard and the rules name only metrics the ingestor exports (vitest, src/telemetry/ops-pack.test.ts)
#   5. promtool check metrics  on a running ingestor's GET /metrics (ops/check-metrics.sh; needs the build)
# promtool is pinned and built once by scripts/promtool.sh; without Go, steps 1-3 and 5 print SKIPPED.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
promtool() { bash scripts/promtool.sh "$@"; }

promtool check config --lint=all deploy/prometheus.yml
promtool check rules --lint=all ops/prometheus/alerts.yml
promtool test rules ops/prometheus/alerts.test.yml
(cd packages/ingestor && ../../node_modules/.bin/vitest run src/telemetry/ops-pack.test.ts)
bash ops/check-metrics.sh
