#!/usr/bin/env bash
# Local Apache Kafka for development and tests, without a Docker engine.
#
#   scripts/kafka.sh up          start a single-node KRaft broker (reuses a running one)
#   scripts/kafka.sh down        stop it cleanly
#   scripts/kafka.sh status      print whether it runs, its address and its log path
#   scripts/kafka.sh topics T..  create topics on the local broker (idempotent; `make topics` needs no JDK)
#   scripts/kafka.sh consume T   print a topic's records from the local broker (`make consume` needs no JDK)
#   scripts/kafka.sh pause|resume  freeze/thaw the broker process (outage tests, benchmarks)
#   scripts/kafka.sh sasl        print the SASL listener's address, user and password (development only)
#   scripts/kafka.sh tls         print the TLS listener's address and the development CA's PEM file
#
# The broker is the pinned release in tools/kafka/pom.xml, resolved from Maven Central into a cache
# and run on the local JDK (17+). KAFKA_BROKERS in the environment always wins: with it set, `up`
# starts nothing and only checks that cluster answers.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
POM="$ROOT/tools/kafka/pom.xml"
KAFKA_VERSION=$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$POM")
CACHE="${EI_KAFKA_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/event-ingestor}"
LIB="$CACHE/kafka-$KAFKA_VERSION/lib"
STATE="${EI_KAFKA_STATE:-$CACHE/broker}"
PORT="${EI_KAFKA_PORT:-9092}"
CONTROLLER_PORT="${EI_KAFKA_CONTROLLER_PORT:-$((PORT + 1))}"
# A SASL listener (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512) for the clients' authentication tests. Development
# credentials only: the broker listens on loopback.
SASL_PORT="${EI_KAFKA_SASL_PORT:-$((PORT + 2))}"
# A TLS listener with a development CA made once by keytool (JDK): the clients' TLS settings meet a real
# handshake and certificate check in the integration tests.
TLS_PORT="${EI_KAFKA_TLS_PORT:-$((PORT + 3))}"
TLS_DIR="$STATE/tls"
TLS_STOREPASS=dev-only-keystore
SASL_USER=ingestor
SASL_PASSWORD=ingestor-dev-secret
PIDFILE="$STATE/kafka.pid"
LOG="$STATE/kafka.log"
PARTITIONS="${EI_KAFKA_PARTITIONS:-3}"

say() { printf 'kafka: %s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }

bootstrap() { echo "${KAFKA_BROKERS:-127.0.0.1:$PORT}"; }

need_java() {
  command -v java >/dev/null || die "java not found: install a JDK 17+ (or use a Docker engine: docker compose up kafka)"
  local major
  major=$(java -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n1)
  [ "${major:-0}" -ge 17 ] || die "Kafka $KAFKA_VERSION needs Java 17+, found ${major:-unknown}"
}

resolve_jars() {
  if [ -f "$LIB/.complete" ]; then return; fi
  command -v mvn >/dev/null || die "mvn not found: install Maven to resolve Kafka $KAFKA_VERSION from Maven Central"
  say "resolving Apache Kafka $KAFKA_VERSION from Maven Central into $LIB (once)"
  rm -rf "$LIB"
  mkdir -p "$LIB"
  mvn -q -B -f "$POM" dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$LIB" >&2 \
    || die "could not resolve Kafka jars (see Maven output above)"
  touch "$LIB/.complete"
}

java_tool() {
  # Tools start often and run briefly: C1-only JIT and a small heap make them start in ~1s.
  [ -f "$STATE/tools-log4j2.properties" ] || write_config
  java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx256m -cp "$LIB/*" \
    -Dlog4j2.configurationFile="$STATE/tools-log4j2.properties" "$@"
}

running_pid() {
  [ -f "$PIDFILE" ] || return 1
  local pid
  pid=$(cat "$PIDFILE")
  kill -0 "$pid" 2>/dev/null || return 1
  echo "$pid"
}

answers_metadata() {
  java_tool org.apache.kafka.tools.TopicCommand --bootstrap-server "$(bootstrap)" --list >/dev/null 2>&1
}

write_config() {
  mkdir -p "$STATE/data"
  cat >"$STATE/server.properties" <<EOF
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=127.0.0.1:$CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$PORT,CONTROLLER://127.0.0.1:$CONTROLLER_PORT,SASL_PLAINTEXT://127.0.0.1:$SASL_PORT,SSL://127.0.0.1:$TLS_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$PORT,SASL_PLAINTEXT://127.0.0.1:$SASL_PORT,SSL://127.0.0.1:$TLS_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT,SSL:SSL
ssl.keystore.type=PKCS12
ssl.keystore.location=$TLS_DIR/broker.p12
ssl.keystore.password=$TLS_STOREPASS
ssl.key.password=$TLS_STOREPASS
sasl.enabled.mechanisms=PLAIN,SCRAM-SHA-256,SCRAM-SHA-512
listener.name.sasl_plaintext.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required user_$SASL_USER="$SASL_PASSWORD";
listener.name.sasl_plaintext.scram-sha-256.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
log.dirs=$STATE/data
num.partitions=$PARTITIONS
auto.create.topics.enable=false
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
message.max.bytes=1048588
EOF
  cat >"$STATE/log4j2.properties" <<'EOF'
status = warn
appender.out.type = Console
appender.out.name = STDOUT
appender.out.layout.type = PatternLayout
appender.out.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = INFO
rootLogger.appenderRef.out.ref = STDOUT
logger.kafka.name = kafka
logger.kafka.level = WARN
logger.apache.name = org.apache.kafka
logger.apache.level = WARN
logger.started.name = kafka.server.KafkaRaftServer
logger.started.level = INFO
EOF
  # Tools report on stderr, and only errors: their stdout is data (topic lists, consumed records).
  cat >"$STATE/tools-log4j2.properties" <<'EOF'
status = warn
appender.err.type = Console
appender.err.name = STDERR
appender.err.target = SYSTEM_ERR
appender.err.layout.type = PatternLayout
appender.err.layout.pattern = %p %m%n
rootLogger.level = ERROR
rootLogger.appenderRef.err.ref = STDERR
EOF
}

cmd_up() {
  if [ -n "${KAFKA_BROKERS:-}" ]; then
    say "KAFKA_BROKERS=$KAFKA_BROKERS is set: using that cluster, starting nothing"
    # No JDK needed for someone else's cluster: the check speaks Kafka through the ingestor's kafkajs.
    node "$ROOT/scripts/kafka-dev.mjs" check || die "the cluster at $KAFKA_BROKERS does not answer metadata requests"
    return
  fi
  need_java
  resolve_jars
  if pid=$(running_pid); then
    if answers_metadata; then
      ensure_scram_user
      say "already running (pid $pid) at $(bootstrap); log: $LOG"
      return
    fi
    die "a broker process (pid $pid) exists but does not answer at $(bootstrap); see $LOG or run: $0 down"
  fi
  local port
  for port in "$PORT" "$CONTROLLER_PORT" "$SASL_PORT" "$TLS_PORT"; do
    # Another process on our ports would answer in the broker's place and hide a failed start.
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      die "port $port is already in use by another process; stop it, or set EI_KAFKA_PORT (or KAFKA_BROKERS to use that cluster)"
    fi
  done
  ensure_tls
  write_config
  if [ ! -f "$STATE/data/meta.properties" ]; then
    local cluster_id
    cluster_id=$(java_tool kafka.tools.StorageTool random-uuid)
    java_tool kafka.tools.StorageTool format --standalone -t "$cluster_id" -c "$STATE/server.properties" >>"$LOG" 2>&1 \
      || die "formatting the KRaft log dir failed; see $LOG"
  fi
  say "starting Apache Kafka $KAFKA_VERSION at $(bootstrap); log: $LOG"
  # setsid: the broker must outlive the shell (make dev, vitest global setup) that started it.
  setsid nohup java -Xms256m -Xmx768m -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -Djava.awt.headless=true \
    -Dlog4j2.configurationFile="$STATE/log4j2.properties" -cp "$LIB/*" \
    kafka.Kafka "$STATE/server.properties" >>"$LOG" 2>&1 </dev/null &
  echo $! >"$PIDFILE"
  local deadline=$((SECONDS + ${EI_KAFKA_START_TIMEOUT:-90}))
  until answers_metadata; do
    if ! running_pid >/dev/null; then
      tail -n 30 "$LOG" >&2 || true
      die "the broker exited during start-up; full log: $LOG"
    fi
    [ "$SECONDS" -lt "$deadline" ] || die "the broker did not answer within ${EI_KAFKA_START_TIMEOUT:-90}s; log: $LOG"
    sleep 1
  done
  ensure_scram_user
  say "ready at $(bootstrap) (pid $(cat "$PIDFILE")); log: $LOG"
}

# SCRAM credentials live in the cluster's metadata: (re)set them on every start, idempotently.
ensure_scram_user() {
  local mechanism
  for mechanism in SCRAM-SHA-256 SCRAM-SHA-512; do
    # One mechanism per request: the broker refuses two changes to one user's credentials in one.
    java_tool kafka.admin.ConfigCommand --bootstrap-server "$(bootstrap)" --alter --entity-type users \
      --entity-name "$SASL_USER" --add-config "$mechanism=[iterations=4096,password=$SASL_PASSWORD]" \
      >/dev/null || die "could not create the $mechanism user $SASL_USER; see $LOG"
  done
}

# A development CA and a broker certificate for localhost / 127.0.0.1 signed by it, made once (keytool).
ensure_tls() {
  [ -f "$TLS_DIR/.complete" ] && return
  command -v keytool >/dev/null || die "keytool not found: it comes with the JDK"
  rm -rf "$TLS_DIR"
  mkdir -p "$TLS_DIR"
  local k=(keytool -storetype PKCS12 -storepass "$TLS_STOREPASS" -keypass "$TLS_STOREPASS")
  (
    cd "$TLS_DIR"
    "${k[@]}" -genkeypair -alias ca -keyalg RSA -keysize 2048 -validity 3650 -keystore ca.p12 \
      -dname "CN=event-ingestor development CA" -ext bc:c
    "${k[@]}" -exportcert -alias ca -keystore ca.p12 -rfc -file ca.pem
    "${k[@]}" -genkeypair -alias broker -keyalg RSA -keysize 2048 -validity 3650 -keystore broker.p12 -dname "CN=localhost"
    "${k[@]}" -certreq -alias broker -keystore broker.p12 -file broker.csr
    "${k[@]}" -gencert -alias ca -keystore ca.p12 -infile broker.csr -outfile broker.pem -rfc -validity 3650 \
      -ext "SAN=dns:localhost,ip:127.0.0.1"
    "${k[@]}" -importcert -noprompt -alias ca -keystore broker.p12 -file ca.pem
    "${k[@]}" -importcert -alias broker -keystore broker.p12 -file broker.pem
  ) >/dev/null 2>&1 || die "could not make the development TLS certificates in $TLS_DIR"
  touch "$TLS_DIR/.complete"
}

cmd_down() {
  local pid
  if ! pid=$(running_pid); then
    say "not running"
    rm -f "$PIDFILE"
    return
  fi
  kill -CONT "$pid" 2>/dev/null || true
  kill -TERM "$pid"
  for _ in $(seq 1 60); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
  if kill -0 "$pid" 2>/dev/null; then
    say "broker did not stop in 30s; killing pid $pid"
    kill -KILL "$pid" || true
  fi
  rm -f "$PIDFILE"
  say "stopped (log: $LOG)"
}

cmd_status() {
  if [ -n "${KAFKA_BROKERS:-}" ]; then
    say "using KAFKA_BROKERS=$KAFKA_BROKERS"
  elif pid=$(running_pid); then
    say "running (pid $pid) at $(bootstrap); log: $LOG"
  else
    say "not running; log: $LOG"
    return 1
  fi
}

cmd_topics() {
  [ "$#" -gt 0 ] || die "usage: $0 topics TOPIC [TOPIC...]"
  resolve_jars
  for topic in "$@"; do
    java_tool org.apache.kafka.tools.TopicCommand --bootstrap-server "$(bootstrap)" --create --if-not-exists \
      --topic "$topic" --partitions "$PARTITIONS" --replication-factor 1 >/dev/null
    say "topic $topic ready"
  done
}

cmd_consume() {
  [ "$#" -eq 1 ] || die "usage: $0 consume TOPIC"
  resolve_jars
  java_tool org.apache.kafka.tools.consumer.ConsoleConsumer --bootstrap-server "$(bootstrap)" --topic "$1" \
    --from-beginning --timeout-ms 5000 --property print.key=true --property print.headers=true \
    --property print.partition=true 2>/dev/null || true
}

cmd_signal() {
  local pid
  pid=$(running_pid) || die "no local broker is running"
  kill "-$1" "$pid"
  say "sent SIG$1 to the broker (pid $pid)"
}

case "${1:-}" in
  up) cmd_up ;;
  down) cmd_down ;;
  status) cmd_status ;;
  topics) shift; cmd_topics "$@" ;;
  consume) shift; cmd_consume "$@" ;;
  pause) cmd_signal STOP ;;
  resume) cmd_signal CONT ;;
  bootstrap) bootstrap ;;
  sasl) echo "127.0.0.1:$SASL_PORT $SASL_USER $SASL_PASSWORD" ;;
  tls) echo "127.0.0.1:$TLS_PORT $TLS_DIR/ca.pem" ;;
  pid) running_pid ;;
  log) echo "$LOG" ;;
  *) die "usage: $0 up|down|status|topics T...|consume T|pause|resume|bootstrap|sasl|pid|log" ;;
esac
