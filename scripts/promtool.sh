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
CACHE="${EI_TOOLS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/event-ingestor}"
BIN_DIR="$CACHE/tools/promtool-$PROMETHEUS_MODULE_VERSION"
BIN="$BIN_DIR/promtool"

if [ ! -x "$BIN" ]; then
  if ! command -v go >/dev/null 2>&1; then
    if [ "${PROMTOOL_REQUIRED:-0}" = 1 ] || [ "${CI:-}" = true ]; then
      echo "promtool: no Go toolchain to build promtool $PROMETHEUS_MODULE_VERSION" >&2
      exit 1
    fi
    echo "SKIPPED: promtool (no Go toolchain to build promtool $PROMETHEUS_MODULE_VERSION)"
    exit 0
  fi
  echo "promtool: building $PROMETHEUS_MODULE_VERSION into $BIN_DIR (once, a few minutes)" >&2
  # Built in a scratch GOBIN and moved into place last: an interrupted build leaves no half binary.
  mkdir -p "$CACHE/tools"
  tmp=$(mktemp -d "$CACHE/tools/.promtool-XXXXXX")
  trap 'rm -rf "$tmp"' EXIT
  GOBIN="$tmp" GOFLAGS=-buildvcs=false go install -trimpath \
    "github.com/prometheus/prometheus/cmd/promtool@$PROMETHEUS_MODULE_VERSION" >&2
  "$tmp/promtool" --version >/dev/null
  rm -rf "$BIN_DIR"
  mkdir -p "$BIN_DIR"
  mv "$tmp/promtool" "$BIN"
fi

if [ "${1:-}" = "--path" ]; then
  echo "$BIN"
  exit 0
fi
exec "$BIN" "$@"
