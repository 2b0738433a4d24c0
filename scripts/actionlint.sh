#!/usr/bin/env bash
# Lints the GitHub Actions workflows with actionlint (pinned), built once from the Go module proxy and cached.
#
#   scripts/actionlint.sh [FILES...]    default: .github/workflows/*.yml
#
# Without a Go toolchain it prints one explicit SKIPPED line and succeeds, like `make docker-build` without
# a Docker engine. shellcheck and pyflakes, when on PATH, are picked up by actionlint for `run:` scripts.
set -euo pipefail

ACTIONLINT_VERSION=1.7.12
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CACHE="${EI_TOOLS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/event-ingestor}"
BIN_DIR="$CACHE/actionlint-$ACTIONLINT_VERSION"
BIN="$BIN_DIR/actionlint"

if [ ! -x "$BIN" ]; then
  if ! command -v go >/dev/null 2>&1; then
    echo "SKIPPED: actionlint (no Go toolchain to build actionlint v$ACTIONLINT_VERSION)"
    exit 0
  fi
  echo "actionlint: building v$ACTIONLINT_VERSION into $BIN_DIR (once)" >&2
  mkdir -p "$BIN_DIR"
  # A private GOPATH-independent install: GOBIN decides where the binary lands; -trimpath keeps it reproducible.
  GOBIN="$BIN_DIR" GOFLAGS=-buildvcs=false go install -trimpath \
    "github.com/rhysd/actionlint/cmd/actionlint@v$ACTIONLINT_VERSION" >&2
fi

cd "$ROOT"
if [ "$#" -eq 0 ]; then
  shopt -s nullglob
  set -- .github/workflows/*.yml .github/workflows/*.yaml
fi
if [ "$#" -eq 0 ]; then
  echo "actionlint: no workflow files"
  exit 0
fi
"$BIN" -no-color "$@"
echo "actionlint v$ACTIONLINT_VERSION: $# workflow file(s) OK"
