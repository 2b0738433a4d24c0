# Sourced (not run) by the checks that need a running ingestor on the real local broker (the contract test,
# ops/check-metrics.sh): one copy of the start-up, so each starts, waits and cleans up the same way.
#
#   source "$ROOT/scripts/lib/ingestor.sh"
#   start_ingestor contract        # sets INGESTOR_URL, INGESTOR_LOG and SCRATCH; stops it on exit
#
# The broker is scripts/kafka.sh's (KAFKA_BROKERS wins); each run gets its own topic and DLQ topic, named
# after the caller, so runs never read each other's records. SCRATCH is a directory removed on exit, for the
# caller's own temporary files.

# start_ingestor <name>   (requires ROOT, the repository root)
start_ingestor() {
  local name=$1 main="$ROOT/packages/ingestor/dist/main.js"
  [ -f "$main" ] || {
    echo "$name: $main is missing; build first (make build does)" >&2
    exit 1
  }
  bash "$ROOT/scripts/kafka.sh" up >&2
  local brokers suffix topic dlq port
  brokers=$(bash "$ROOT/scripts/kafka.sh" bootstrap)
  suffix="$(date +%s)-$$"
  topic="$name.events.$suffix"
  dlq="$name.dlq.$suffix"
  bash "$ROOT/scripts/kafka.sh" topics "$topic" "$dlq" >&2
  port=$(node -e 'const s = require("node:net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })')

  SCRATCH=$(mktemp -d)
  INGESTOR_LOG="$SCRATCH/ingestor.log"
  INGESTOR_URL="http://127.0.0.1:$port"
  KAFKA_BROKERS="$brokers" KAFKA_TOPIC="$topic" KAFKA_DLQ_TOPIC="$dlq" KAFKA_MIN_ISR_REQUIRED=1 PORT="$port" \
    LOG_LEVEL=warn SHUTDOWN_DELAY_MS=0 node "$main" >"$INGESTOR_LOG" 2>&1 &
  INGESTOR_PID=$!
  trap stop_ingestor EXIT

  local _
  for _ in $(seq 1 150); do
    if node -e 'fetch(process.argv[1]).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))' \
      "$INGESTOR_URL/readyz"; then
      return 0
    fi
    kill -0 "$INGESTOR_PID" 2>/dev/null || break
    sleep 0.2
  done
  echo "$name: the ingestor did not become ready:" >&2
  cat "$INGESTOR_LOG" >&2
  exit 1
}

stop_ingestor() {
  kill "$INGESTOR_PID" 2>/dev/null || true
  wait "$INGESTOR_PID" 2>/dev/null || true
  rm -rf "$SCRATCH"
}
