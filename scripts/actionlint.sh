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
# shellcheck source=lib/tools.sh
source "$ROOT/scripts/lib/tools.sh"
BIN_DIR="$TOOLS_CACHE/actionlint-$ACTIONLINT_VERSION"
go_tool actionlint actionlint github.com/rhysd/actionlint/cmd/actionlint "v$ACTIONLINT_VERSION" "$BIN_DIR"

cd "$ROOT"
if [ "$#" -eq 0 ]; then
  shopt -s nullglob
  set -- .github/workflows/*.yml .github/workflows/*.yaml
fi
if [ "$#" -eq 0 ]; then
  echo "actionlint: no workflow files"
  exit 0
fi
"$BIN_DIR/actionlint" -no-color "$@"
echo "actionlint v$ACTIONLINT_VERSION: $# workflow file(s) OK"
