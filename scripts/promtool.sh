#!/usr/bin/env bash
# Prometheus' promtool (pinned), built once from the Go module proxy into the tool cache, then run with the
# given arguments:
#
#   scripts/promtool.sh check rules ops/prometheus/alerts.yml
#   scripts/promtool.sh --path          prints the binary's path (building it first when missing)
#
# The Go module of Prometheus 3.x is versioned v0.3xx (v0.316.0 is Prometheus 3.16). The first build takes a
# few minutes on 2 cores; later calls reuse the binary. Without a Go toolchain it prints one SKIPPED line and
# exits 0, like `make docker-build` without a Docker engine; in CI (CI=true) it fails instead, so the gate never
# passes without having run promtool (PROMTOOL_REQUIRED=1 asks the same elsewhere).
set -euo pipefail

PROMETHEUS_MODULE_VERSION=v0.316.0
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=lib/tools.sh
source "$ROOT/scripts/lib/tools.sh"
BIN_DIR="$TOOLS/promtool-$PROMETHEUS_MODULE_VERSION"
required=optional
if [ "${PROMTOOL_REQUIRED:-0}" = 1 ] || [ "${CI:-}" = true ]; then required=required; fi
go_tool promtool promtool github.com/prometheus/prometheus/cmd/promtool "$PROMETHEUS_MODULE_VERSION" \
  "$BIN_DIR" "$required"

if [ "${1:-}" = "--path" ]; then
  echo "$BIN_DIR/promtool"
  exit 0
fi
exec "$BIN_DIR/promtool" "$@"
