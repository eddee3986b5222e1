#!/usr/bin/env bash
# lethe's real development stack, run natively (no Docker):
#   PostgreSQL 15 (private cluster, port 55432, wal_level=logical, sample CRM loaded)
#   Apache Kafka 4 in KRaft mode (broker localhost:9092, controller localhost:9093)
#   Kafka Connect, distributed mode (REST localhost:8083) with Debezium's PostgreSQL connector
# No schema registry runs natively: none is available from the registries this machine reaches
# (README.md says why); docker-compose.yml has one for the Avro path.
#
# usage: deploy/stack/stack.sh up|down|status|logs [component]|clean|stop COMPONENT|start|prereqs
#        deploy/stack/stack.sh kafka-transactions ARGS (Kafka's kafka-transactions.sh on the stack's broker)
# (prereqs installs the Debian packages only: what the unit tests need too, kcat and PostgreSQL)
#
# Idempotent: `up` starts what is not running and leaves the rest alone; `down` stops all and
# keeps the downloaded jars and the data; `clean` is down plus removing the data (not the jars).
# Every wait is bounded; on failure the tail of the component's log is printed.
# Everything lives in one work dir: $LETHE_STACK_DIR, default <repo>/.stack.
set -Eeuo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
WORK="${LETHE_STACK_DIR:-$ROOT/.stack}"

PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
PG_PORT="${LETHE_PG_PORT:-55432}"
PG_USER_OS="${LETHE_PG_OS_USER:-lethe-pg}"
KAFKA_PORT="${LETHE_KAFKA_PORT:-9092}"
CONTROLLER_PORT="${LETHE_CONTROLLER_PORT:-9093}"
CONNECT_PORT="${LETHE_CONNECT_PORT:-8083}"

BOOTSTRAP="localhost:$KAFKA_PORT"
CONNECT_URL="http://localhost:$CONNECT_PORT"
CONNECTORS_DIR="$ROOT/deploy/connect"
CRM_SQL="$ROOT/deploy/postgres/crm.sql"
TABLES=(customers contacts addresses orders tickets consents)

LOGS="$WORK/logs"
RUN="$WORK/run"
JARS="$WORK/jars"
PGDATA="$WORK/pg/data"
PGSOCK="$WORK/pg/run"

T0=$(date +%s%3N)

# elapsed prints seconds since the script started, with one decimal.
elapsed() { local ms=$(($(date +%s%3N) - T0)); printf '%d.%d' $((ms / 1000)) $((ms % 1000 / 100)); }

log() { printf '[stack %6ss] %s\n' "$(elapsed)" "$*"; }
die() { log "FAILED: $*"; exit 1; }

# tail_log prints the end of a component's log, for failures.
tail_log() {
  local f="$LOGS/$1.log"
  if [[ -f "$f" ]]; then
    echo "----- last ${2:-40} lines of $f -----" >&2
    tail -n "${2:-40}" "$f" >&2
    echo "-----" >&2
  fi
}

# wait_until DESC TIMEOUT_SECONDS LOGNAME CMD...: poll CMD every second until it succeeds.
wait_until() {
  local desc=$1 timeout=$2 logname=$3
  shift 3
  local deadline=$(($(date +%s) + timeout))
  until "$@" >/dev/null 2>&1; do
    if (($(date +%s) >= deadline)); then
      tail_log "$logname"
      die "$desc: not ready after ${timeout}s"
    fi
    sleep 1
  done
}

# pid_alive NAME: the pid file names a live process that is ours (its command line names this
# stack's conf dir), not whatever took over the number after a reboot.
pid_alive() {
  local pid
  [[ -f "$RUN/$1.pid" ]] || return 1
  pid=$(cat "$RUN/$1.pid")
  kill -0 "$pid" 2>/dev/null && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$WORK/conf/"
}
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# ---------------------------------------------------------------------------------------------
# prerequisites

# java17 prints the path of a Java 17 or later: the one on PATH, else one of
# Debian's. Kafka 4 and Connect need 17; an older default java is common.
java17() {
  local j v
  for j in "$(command -v java || true)" /usr/lib/jvm/java-*-openjdk-*/bin/java; do
    [[ -n $j && -x $j ]] || continue
    v=$("$j" -version 2>&1 | awk -F'"' '/version/ {print $2; exit}')
    v=${v%%.*}
    if [[ $v =~ ^[0-9]+$ ]] && ((v >= 17)); then
      echo "$j"
      return 0
    fi
  done
  return 1
}

ensure_packages() {
  local need=()
  [[ -x "$PG_BIN/postgres" ]] || need+=(postgresql-15)
  command -v kcat >/dev/null || need+=(kcat)
  command -v psql >/dev/null || need+=(postgresql-client-15)
  java17 >/dev/null || need+=(openjdk-17-jre-headless)
  command -v mvn >/dev/null || need+=(maven)
  command -v curl >/dev/null || need+=(curl)
  command -v jq >/dev/null || need+=(jq)
  if ((${#need[@]})); then
    log "installing Debian packages: ${need[*]}"
    apt-get update -qq >"$LOGS/apt.log" 2>&1 || { tail_log apt; die "apt-get update"; }
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >>"$LOGS/apt.log" 2>&1 ||
      { tail_log apt; die "apt-get install ${need[*]}"; }
    # The Debian package creates and starts a system cluster on 5432; we never use or touch it.
  fi
  JAVA=$(java17) || die "no Java 17 or later found after installing openjdk-17-jre-headless"
}

# fetch_jars PROFILE DIR: copy a pom.xml profile's jars into DIR unless already complete.
fetch_jars() {
  local profile=$1 dir=$2
  if [[ -f "$dir/.complete" && "$dir/.complete" -nt "$HERE/pom.xml" ]]; then
    return 0
  fi
  log "fetching jars for profile $profile (Maven Central, cached in ~/.m2)"
  # Fetch beside the live dir and swap, so a running JVM never sees a half-filled class path.
  rm -rf "$dir.new"
  mkdir -p "$dir.new"
  if ! (cd "$HERE" && timeout 900 mvn -B -q -P "$profile" dependency:copy-dependencies \
    -DoutputDirectory="$dir.new") >"$LOGS/mvn-$profile.log" 2>&1; then
    tail_log "mvn-$profile"
    die "maven profile $profile"
  fi
  # Maven's target dir is not needed; keep the repo clean.
  rm -rf "$HERE/target"
  touch "$dir.new/.complete"
  rm -rf "$dir"
  mv "$dir.new" "$dir"
}

write_log4j() {
  cat >"$WORK/conf/log4j2.properties" <<'EOF'
status = warn
appender.out.type = Console
appender.out.name = OUT
appender.out.layout.type = PatternLayout
appender.out.layout.pattern = [%d] %p %m (%c{1.})%n
rootLogger.level = INFO
rootLogger.appenderRef.out.ref = OUT
logger.reflections.name = org.reflections
logger.reflections.level = ERROR
logger.net.name = org.apache.kafka.clients.NetworkClient
logger.net.level = WARN
logger.rest.name = org.apache.kafka.connect.runtime.rest.RestServer
logger.rest.level = WARN
EOF
}

# start_java NAME MAIN ARGS...: run a JVM detached from this shell, pid in $RUN/NAME.pid.
start_java() {
  local name=$1 main=$2 heap=$3 cp=$4
  shift 4
  # shellcheck disable=SC2086
  setsid nohup "$JAVA" -Xms256m -Xmx"$heap" -XX:+UseG1GC -Djava.awt.headless=true \
    -Dlog4j2.configurationFile="$WORK/conf/log4j2.properties" \
    -cp "$cp" "$main" "$@" >>"$LOGS/$name.log" 2>&1 </dev/null &
  echo $! >"$RUN/$name.pid"
}

# stop_pid NAME TIMEOUT: SIGTERM, wait, then SIGKILL.
stop_pid() {
  local name=$1 timeout=${2:-30}
  pid_alive "$name" || { rm -f "$RUN/$name.pid"; return 0; }
  local pid
  pid=$(cat "$RUN/$name.pid")
  log "stopping $name (pid $pid)"
  kill "$pid" 2>/dev/null || true
  local deadline=$(($(date +%s) + timeout))
  while kill -0 "$pid" 2>/dev/null; do
    if (($(date +%s) >= deadline)); then
      log "$name did not stop in ${timeout}s; killing"
      kill -9 "$pid" 2>/dev/null || true
      break
    fi
    sleep 0.5
  done
  rm -f "$RUN/$name.pid"
}

# ---------------------------------------------------------------------------------------------
# PostgreSQL 15: a private cluster owned by an unprivileged OS user (postgres refuses root).

pg_as() { runuser -u "$PG_USER_OS" -- "$@"; }
psql_su() { psql -X -q -h "$PGSOCK" -p "$PG_PORT" -U postgres "$@"; }
pg_ready() { "$PG_BIN/pg_isready" -q -h "$PGSOCK" -p "$PG_PORT"; }

pg_up() {
  id -u "$PG_USER_OS" >/dev/null 2>&1 ||
    useradd --system --no-create-home --shell /usr/sbin/nologin "$PG_USER_OS"
  mkdir -p "$WORK/pg" "$PGSOCK"
  chown "$PG_USER_OS" "$WORK/pg" "$PGSOCK"
  touch "$LOGS/postgres.log" && chown "$PG_USER_OS" "$LOGS/postgres.log"
  if [[ ! -f "$PGDATA/PG_VERSION" ]]; then
    log "postgres: initdb $PGDATA"
    local pw="$WORK/pg/.pw"
    echo postgres >"$pw" && chown "$PG_USER_OS" "$pw" && chmod 600 "$pw"
    (cd /tmp && pg_as "$PG_BIN/initdb" -D "$PGDATA" -U postgres --pwfile="$pw" -E UTF8 \
      --locale=C.UTF-8 --auth-local=trust --auth-host=scram-sha-256) >>"$LOGS/postgres.log" 2>&1 ||
      { tail_log postgres; die "initdb"; }
    rm -f "$pw"
    cat >>"$PGDATA/postgresql.conf" <<EOF

# --- lethe dev stack ---
port = $PG_PORT
listen_addresses = 'localhost'
unix_socket_directories = '$PGSOCK'
wal_level = logical
max_replication_slots = 10
max_wal_senders = 10
wal_sender_timeout = 0
shared_buffers = 128MB
synchronous_commit = off
EOF
  fi
  if pg_ready; then
    log "postgres: already running on $PG_PORT"
  else
    log "postgres: starting on $PG_PORT"
    # 55432 lies in Linux's ephemeral port range: a client connection of
    # another process (a test suite just before) can hold it for a moment.
    # reserve_ports prevents that where it may; retry briefly where not.
    local try
    for try in 1 2 3 4 5 6 7 8 9 10; do
      if (cd /tmp && pg_as "$PG_BIN/pg_ctl" -D "$PGDATA" -l "$LOGS/postgres.log" -w -t 60 start) >/dev/null 2>&1; then
        break
      fi
      if ((try == 10)) || ! tail -n 5 "$LOGS/postgres.log" | grep -q "Address already in use"; then
        tail_log postgres
        die "pg_ctl start"
      fi
      log "postgres: port $PG_PORT busy (attempt $try), retrying"
      sleep 2
    done
  fi
  wait_until "postgres" 60 postgres pg_ready
  head -1 "$PGDATA/postmaster.pid" >"$RUN/postgres.pid"
  if [[ -z "$(psql_su -tAc "SELECT 1 FROM pg_database WHERE datname = 'crm'")" ]]; then
    log "postgres: loading $CRM_SQL"
    psql_su -v ON_ERROR_STOP=1 -d postgres -f "$CRM_SQL" >>"$LOGS/postgres-load.log" 2>&1 ||
      { tail_log postgres-load; die "loading crm.sql"; }
  fi
  local n
  n=$(psql_su -d crm -tAc "SELECT count(*) FROM customers")
  log "postgres: ready (crm.customers has $n rows)"
}

pg_down() {
  if [[ -f "$PGDATA/postmaster.pid" ]] && pg_ready; then
    log "stopping postgres"
    (cd /tmp && pg_as "$PG_BIN/pg_ctl" -D "$PGDATA" -m fast -w -t 60 stop) >/dev/null 2>&1 ||
      { tail_log postgres; die "pg_ctl stop"; }
  fi
  rm -f "$RUN/postgres.pid"
}

# ---------------------------------------------------------------------------------------------
# Kafka 4, KRaft, one node that is both broker and controller.

kafka_ready() { kcat -b "$BOOTSTRAP" -L -m 3 -t __lethe_probe; }

kafka_up() {
  fetch_jars kafka "$JARS/kafka"
  mkdir -p "$WORK/kafka/data"
  cat >"$WORK/kafka/server.properties" <<EOF
# generated by deploy/stack/stack.sh
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@localhost:$CONTROLLER_PORT
listeners=PLAINTEXT://localhost:$KAFKA_PORT,CONTROLLER://localhost:$CONTROLLER_PORT
advertised.listeners=PLAINTEXT://localhost:$KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$WORK/kafka/data
num.partitions=1
default.replication.factor=1
min.insync.replicas=1
auto.create.topics.enable=false
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
log.retention.hours=-1
EOF
  if pid_alive kafka && kafka_ready; then
    log "kafka: already running on $BOOTSTRAP"
    return 0
  fi
  if port_open "$KAFKA_PORT" || port_open "$CONTROLLER_PORT"; then
    die "kafka: port $KAFKA_PORT or $CONTROLLER_PORT is taken by another process"
  fi
  if [[ ! -f "$WORK/kafka/data/meta.properties" ]]; then
    local id
    id=$("$JAVA" -cp "$JARS/kafka/*" kafka.tools.StorageTool random-uuid 2>>"$LOGS/kafka.log" | tail -1)
    log "kafka: formatting storage (cluster id $id)"
    "$JAVA" -Dlog4j2.configurationFile="$WORK/conf/log4j2.properties" -cp "$JARS/kafka/*" \
      kafka.tools.StorageTool format -t "$id" -c "$WORK/kafka/server.properties" \
      >>"$LOGS/kafka.log" 2>&1 || { tail_log kafka; die "kafka storage format"; }
  fi
  log "kafka: starting on $BOOTSTRAP (controller $CONTROLLER_PORT)"
  start_java kafka kafka.Kafka 1g "$JARS/kafka/*" "$WORK/kafka/server.properties"
  wait_until "kafka" 120 kafka kafka_ready
  log "kafka: ready"
}

# ---------------------------------------------------------------------------------------------
# Kafka Connect (distributed) with Debezium on the plugin path.

connect_ready() { curl -fsS "$CONNECT_URL/connector-plugins" | grep -q PostgresConnector; }

connect_up() {
  fetch_jars debezium "$JARS/plugins/debezium-postgres"
  mkdir -p "$WORK/connect"
  cat >"$WORK/connect/connect-distributed.properties" <<EOF
# generated by deploy/stack/stack.sh
bootstrap.servers=$BOOTSTRAP
group.id=lethe-connect
listeners=http://localhost:$CONNECT_PORT
rest.advertised.host.name=localhost
rest.advertised.port=$CONNECT_PORT
plugin.path=$JARS/plugins
key.converter=org.apache.kafka.connect.json.JsonConverter
value.converter=org.apache.kafka.connect.json.JsonConverter
key.converter.schemas.enable=true
value.converter.schemas.enable=true
config.storage.topic=_connect-configs
offset.storage.topic=_connect-offsets
status.storage.topic=_connect-status
config.storage.replication.factor=1
offset.storage.replication.factor=1
status.storage.replication.factor=1
offset.storage.partitions=1
status.storage.partitions=1
offset.flush.interval.ms=1000
topic.creation.enable=true
EOF
  if pid_alive connect && connect_ready; then
    log "connect: already running on $CONNECT_URL"
    return 0
  fi
  port_open "$CONNECT_PORT" && die "connect: port $CONNECT_PORT is taken by another process"
  log "connect: starting on $CONNECT_URL"
  start_java connect org.apache.kafka.connect.cli.ConnectDistributed 1g "$JARS/kafka/*" \
    "$WORK/connect/connect-distributed.properties"
  wait_until "connect REST API with the Debezium plugin" 180 connect connect_ready
  log "connect: ready"
}

connector_running() {
  local s
  s=$(curl -fsS "$CONNECT_URL/connectors/$1/status" 2>/dev/null) || return 1
  [[ "$(jq -r '.connector.state' <<<"$s")" == RUNNING ]] &&
    [[ "$(jq -r '[.tasks[].state] | length > 0 and all(. == "RUNNING")' <<<"$s")" == true ]]
}

topics_exist() {
  local prefix=$1 md
  md=$(kcat -b "$BOOTSTRAP" -L -m 5) || return 1
  for t in "${TABLES[@]}"; do
    grep -q "topic \"$prefix.public.$t\"" <<<"$md" || return 1
  done
}

# register NAME FILE: create or update a connector from a flat JSON config (idempotent PUT).
register() {
  local name=$1 file=$2 prefix
  prefix=$(jq -r '."topic.prefix"' "$file")
  log "connect: registering $name from ${file#"$ROOT"/}"
  local out code deadline=$(($(date +%s) + 60))
  # Connect answers 409 while its workers rebalance, as they do just after
  # Kafka comes back (the e2e suite restarts it): retry, do not give up.
  while :; do
    out=$(curl -sS -X PUT -H 'Content-Type: application/json' --data @"$file" \
      -w '\n%{http_code}' "$CONNECT_URL/connectors/$name/config") || die "PUT connector $name"
    code=${out##*$'\n'}
    [[ $code == 409 ]] && (($(date +%s) < deadline)) || break
    sleep 1
  done
  if [[ "$code" != 200 && "$code" != 201 ]]; then
    echo "${out%$'\n'*}" >&2
    die "connect rejected $name (HTTP $code)"
  fi
  local st restarted=no
  deadline=$(($(date +%s) + 120))
  until connector_running "$name"; do
    st=$(curl -fsS "$CONNECT_URL/connectors/$name/status" 2>/dev/null || true)
    if grep -q '"FAILED"' <<<"$st" && [[ $restarted == no ]]; then
      # A task that failed while Kafka was away stays FAILED until restarted.
      log "connect: $name has a FAILED task; restarting it once"
      curl -fsS -X POST "$CONNECT_URL/connectors/$name/restart?includeTasks=true&onlyFailed=true" >/dev/null || true
      restarted=yes
      sleep 2
      continue
    fi
    if grep -q '"FAILED"' <<<"$st" || (($(date +%s) >= deadline)); then
      jq -r '.connector.state, (.tasks[]? | .state, (.trace // "" | split("\n")[:12] | join("\n")))' \
        <<<"$st" >&2 || true
      tail_log connect
      die "connector $name is not RUNNING"
    fi
    sleep 1
  done
  wait_until "snapshot topics $prefix.public.*" 180 connect topics_exist "$prefix"
  log "connect: $name RUNNING, topics $prefix.public.{$(IFS=,; echo "${TABLES[*]}")} exist"
}

# ---------------------------------------------------------------------------------------------

# reserve_ports keeps the stack's ports out of the kernel's ephemeral range,
# so no outgoing connection takes one; best effort (needs root and a
# writable /proc/sys, as on CI and the development machines).
reserve_ports() {
  local f=/proc/sys/net/ipv4/ip_local_reserved_ports cur
  [[ -w $f ]] || return 0
  cur=$(cat "$f")
  case ",$cur," in *",$PG_PORT,"*) return 0 ;; esac
  echo "${cur:+$cur,}$PG_PORT" >"$f" 2>/dev/null || true
}

cmd_up() {
  mkdir -p "$WORK" "$LOGS" "$RUN" "$JARS" "$WORK/conf"
  ensure_packages
  write_log4j
  reserve_ports
  pg_up
  kafka_up
  connect_up
  register crm-postgres "$CONNECTORS_DIR/crm-postgres.json"
  local took
  took=$(elapsed)
  printf '%s up %ss\n' "$(date -u +%FT%TZ)" "$took" >>"$WORK/timings.log"
  log "stack up in ${took}s: postgres localhost:$PG_PORT, kafka $BOOTSTRAP, connect $CONNECT_URL"
}

cmd_down() {
  mkdir -p "$RUN" "$LOGS"
  stop_pid connect 60
  stop_pid kafka 90
  pg_down
  log "stack down (jars and data kept in $WORK)"
}

# cmd_stop stops one component and leaves the others running (the e2e suite
# restarts Kafka under load this way); `start` (= up) brings it back.
cmd_stop() {
  mkdir -p "$RUN" "$LOGS"
  case "${1:-}" in
  kafka) stop_pid kafka 90 ;;
  connect) stop_pid connect 60 ;;
  postgres) pg_down ;;
  *)
    echo "usage: $0 stop kafka|connect|postgres" >&2
    exit 2
    ;;
  esac
}

cmd_clean() {
  cmd_down
  rm -rf "$WORK/pg" "$WORK/kafka" "$WORK/connect" "$LOGS" "$RUN"
  log "data removed; jars kept in $JARS"
}

# status_line NAME PIDFILE-NAME PORT CHECK...: print one row; return 1 if down.
status_line() {
  local name=$1 pidname=$2 port=$3
  shift 3
  local pid=- alive=no reach=no
  if [[ -f "$RUN/$pidname.pid" ]]; then
    pid=$(cat "$RUN/$pidname.pid")
    kill -0 "$pid" 2>/dev/null && alive=yes
  fi
  "$@" >/dev/null 2>&1 && reach=yes
  local state=up
  [[ $alive == yes && $reach == yes ]] || state=DOWN
  printf '%-22s %-5s pid=%-8s port=%-6s alive=%-4s reachable=%s\n' "$name" "$state" "$pid" "$port" "$alive" "$reach"
  [[ $state == up ]]
}

cmd_status() {
  local rc=0
  status_line postgres postgres "$PG_PORT" pg_ready || rc=1
  status_line kafka kafka "$KAFKA_PORT" kafka_ready || rc=1
  status_line connect connect "$CONNECT_PORT" connect_ready || rc=1
  status_line connector/crm-postgres connect "$CONNECT_PORT" connector_running crm-postgres || rc=1
  [[ -f "$WORK/timings.log" ]] && echo "last start-up: $(tail -1 "$WORK/timings.log")"
  return $rc
}

cmd_logs() {
  local names=("${@:-postgres kafka connect}")
  # shellcheck disable=SC2068
  for n in ${names[@]}; do
    tail_log "$n" "${LINES_TAIL:-60}" 2>&1
  done
}

case "${1:-}" in
up | start) cmd_up ;;
stop)
  shift
  cmd_stop "$@"
  ;;
down) cmd_down ;;
clean) cmd_clean ;;
status) cmd_status ;;
reserve-ports) reserve_ports ;;
prereqs)
  mkdir -p "$LOGS"
  ensure_packages
  ;;
logs)
  shift
  cmd_logs "$@"
  ;;
kafka-transactions)
  # Kafka's kafka-transactions.sh against the stack's broker (README,
  # "Hanging transactions"): stack.sh kafka-transactions find-hanging --broker-id 1
  shift
  JAVA=$(java17) || die "no Java 17 or later found: run $0 prereqs"
  exec "$JAVA" -Dlog4j2.level=WARN -cp "$JARS/kafka/*" org.apache.kafka.tools.TransactionsCommand --bootstrap-server "$BOOTSTRAP" "$@"
  ;;
*)
  echo "usage: $0 up|start|down|stop kafka|connect|postgres|status|logs [postgres|kafka|connect|postgres-load|mvn-kafka]|kafka-transactions ARGS|clean|reserve-ports|prereqs" >&2
  exit 2
  ;;
esac
