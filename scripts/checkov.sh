#!/usr/bin/env bash
# checkov's Kubernetes checks on what each cloud stack would apply: `pnpm render --stack <name>` for every
# Pulumi.<name>.yaml at the repository root, and the same render with TLS on (render-spec's `tls` option:
# app.tls, a sample host and the cloud's sample certificate settings; the shipped files leave TLS commented
# out), so the TLS Ingress and GKE's ManagedCertificate and FrontendConfig are scanned too; each scanned with
# `checkov --framework kubernetes` (the TLS render is `render.js --stack <name> --tls`). Any failed check fails
# the script. checkov is pinned and installed once from PyPI into the tool cache (a venv, by
# scripts/lib/tools.sh, as packages/ingestor/openapi/contract-test.sh installs schemathesis).
#
#   scripts/checkov.sh [stack...]      (make check-render builds first; no argument: every stack)
#
# Checks are met in the manifests (packages/k8s-app builds them), none is skipped: no `checkov.io/skip*`
# annotation and no --skip-check here. A stack that renders nothing checkov can read fails too (checkov itself
# exits 0 on a file it cannot parse). Without python3 it prints one explicit SKIPPED line and succeeds, like
# the contract test.
set -euo pipefail

CHECKOV_VERSION=3.3.30
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=lib/tools.sh
source "$ROOT/scripts/lib/tools.sh"
RENDER="$ROOT/packages/stack/dist/render.js"

pip_tool checkov checkov checkov "$CHECKOV_VERSION"
VENV=$TOOL_VENV
[ "${1:-}" = "--install-only" ] && exit 0
[ -f "$RENDER" ] || { echo "checkov: $RENDER is missing; build first (make check-render does)" >&2; exit 1; }

if [ "$#" -gt 0 ]; then
  stacks=("$@")
else
  stacks=()
  for file in "$ROOT"/Pulumi.*.yaml; do
    name=${file##*/Pulumi.}
    stacks+=("${name%.yaml}")
  done
fi

OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
status=0
scanned=0
for stack in "${stacks[@]}"; do
  for variant in "$stack" "$stack-tls"; do
    # stderr carries render's notes (placeholders to set before `up`); stdout is the YAML alone.
    rc=0
    tls=()
    [ "$variant" = "$stack" ] || tls=(--tls)
    (cd "$ROOT" && node "$RENDER" --stack "$stack" "${tls[@]}") >"$OUT/$variant.yaml" 2>"$OUT/$variant.err" || rc=$?
    if [ "$rc" -ne 0 ]; then
      echo "checkov: render of $variant failed:" >&2
      cat "$OUT/$variant.err" >&2
      status=1
      continue
    fi
    echo "checkov: stack $variant ($(grep -c '^kind:' "$OUT/$variant.yaml") objects)"
    scanned=$((scanned + 1))
    # --quiet prints the failed checks only, after the summary line (how many passed, failed, were skipped).
    rc=0
    "$VENV/bin/checkov" --framework kubernetes --file "$OUT/$variant.yaml" --quiet --compact \
      --skip-download --output cli >"$OUT/$variant.out" 2>&1 || rc=$?
    cat "$OUT/$variant.out"
    if [ "$rc" -ne 0 ]; then
      status=1
    elif ! grep -Eq 'Passed checks: [1-9][0-9]*, Failed checks: 0, Skipped checks: 0' "$OUT/$variant.out"; then
      echo "checkov: stack $variant: no check ran (is the rendered YAML readable?)" >&2
      status=1
    fi
  done
done
if [ "$status" -eq 0 ]; then
  echo "checkov: ${#stacks[@]} stack(s), with and without TLS ($scanned renders), no failed check"
fi
exit "$status"
