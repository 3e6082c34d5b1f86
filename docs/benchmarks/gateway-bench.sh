#!/usr/bin/env bash
# Gateway overhead benchmark (docs/benchmarks/gateway.md). Starts vision-service and two gateways from their exec jars
# with the devstack's JVM flags (the gateway keeps C2, vision is C1-only, as `./mnemos up` runs them): "gateway" as
# shipped (the fast proxy serves the route) and "chain" with mnemos.gateway.fast-proxy.enabled=false (Spring Cloud
# Gateway's filter chain serves it), the baseline. Then it measures the same cheap endpoint (GET /v1/images/<unknown
# id>: identity check, one indexed PostgreSQL lookup, a 404 problem) directly and through each gateway:
#   0. warm-up: each gateway under wrk for WARMUP seconds (default 60), so C2 has compiled the hot path;
#   1. throughput with wrk (fixed connections, as fast as it goes);
#   2. latency at a fixed request rate (open loop, no coordinated omission), the targets alternating by round,
#      and the CPU time each gateway process used per request during it (from /proc).
# Needs PostgreSQL (MNEMOS_BENCH_DB_URL, default the machine's on 127.0.0.1:5432), Kafka (MNEMOS_KAFKA_BOOTSTRAP,
# default 127.0.0.1:19092) and wrk (apt-get install -y wrk).
#
#   docs/benchmarks/gateway-bench.sh [rate=1000] [seconds-per-round=20] [rounds=3] [wrk-connections=32]
set -euo pipefail
cd "$(dirname "$0")/../.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
JAVA=$JAVA_HOME/bin/java
RATE=${1:-1000}
ROUND_SECONDS=${2:-20}
ROUNDS=${3:-3}
CONNECTIONS=${4:-32}
DB_URL=${MNEMOS_BENCH_DB_URL:-jdbc:postgresql://127.0.0.1:5432/mnemos_bench}
KAFKA=${MNEMOS_KAFKA_BOOTSTRAP:-127.0.0.1:19092}
GW_PORT=${GW_PORT:-18480}
VISION_PORT=${VISION_PORT:-18485}
SECRET="bench-internal-secret-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
ADMIN_KEY="mn_bench-admin-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
WARMUP=${WARMUP:-60}
CHAIN_PORT=${CHAIN_PORT:-18481}
FLAGS=(-Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto)
# GW_JAVA_FLAGS replaces the gateways' flags, e.g. "-Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1" for C1 only.
read -r -a GW_FLAGS <<<"${GW_JAVA_FLAGS:--Xmx256m -XX:+UseSerialGC -Xshare:auto}"
OUT=target/gateway-bench
mkdir -p "$OUT"

ls gateway/target/mnemos-gateway-*-exec.jar vision-service/target/mnemos-vision-service-*-exec.jar >/dev/null 2>&1 \
  || ./mvnw -q -o -pl gateway,vision-service package -DskipTests
./mvnw -q -o -pl gateway test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath
CP="gateway/target/test-classes:gateway/target/classes:$(cat gateway/target/bench.classpath)"

DB_NAME=${DB_URL##*/}
psql -h 127.0.0.1 -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='$DB_NAME'" | grep -q 1 \
  || psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE $DB_NAME"

PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

MNEMOS_DB_URL=$DB_URL MNEMOS_KAFKA_BOOTSTRAP=$KAFKA MNEMOS_SECURITY_INTERNAL_SECRET=$SECRET \
MNEMOS_DATA_DIR=$OUT/vision-data \
  "$JAVA" "${FLAGS[@]}" -jar vision-service/target/mnemos-vision-service-*-exec.jar --server.port="$VISION_PORT" \
  >"$OUT/vision.log" 2>&1 &
PIDS+=($!)
start_gateway() { # <port> <log> [extra args]
  local port=$1 log=$2; shift 2
  MNEMOS_DB_URL=$DB_URL MNEMOS_KAFKA_BOOTSTRAP=$KAFKA MNEMOS_SECURITY_INTERNAL_SECRET=$SECRET \
  MNEMOS_ADMIN_KEY=$ADMIN_KEY MNEMOS_GATEWAY_SERVICES_VISION=http://127.0.0.1:$VISION_PORT \
  MNEMOS_GATEWAY_RATELIMIT_REQUESTSPERSECOND=1000000 MNEMOS_GATEWAY_RATELIMIT_BURST=1000000 \
    "$JAVA" "${GW_FLAGS[@]}" -jar gateway/target/mnemos-gateway-*-exec.jar --server.port="$port" "$@" >"$OUT/$log" 2>&1 &
  PIDS+=($!)
}
wait_healthy() {
  for url in "$@"; do
    for _ in $(seq 1 240); do curl -sf "$url" >/dev/null && break; sleep 1; done
    curl -sf "$url" >/dev/null || { echo "not healthy: $url (logs in $OUT)"; exit 1; }
  done
}
start_gateway "$GW_PORT" gateway.log
GW_PID=$!
wait_healthy "http://127.0.0.1:$VISION_PORT/actuator/health" "http://127.0.0.1:$GW_PORT/actuator/health"
# Second, so that the first has created the schema and the admin key.
start_gateway "$CHAIN_PORT" chain.log --mnemos.gateway.fast-proxy.enabled=false
CHAIN_PID=$!
wait_healthy "http://127.0.0.1:$CHAIN_PORT/actuator/health"

GW=http://127.0.0.1:$GW_PORT
curl -s -o /dev/null -H "Authorization: Bearer $ADMIN_KEY" -H 'Content-Type: application/json' \
  -d '{"name":"bench"}' "$GW/v1/admin/tenants"
KEY=$(curl -sf -H "Authorization: Bearer $ADMIN_KEY" -H 'Content-Type: application/json' \
  -d '{"scopes":["vision:read"],"name":"bench"}' "$GW/v1/admin/tenants/bench/keys" | sed -E 's/.*"key":"([^"]+)".*/\1/')
TOKEN=$("$JAVA" -cp "$CP" io.mnemos.gateway.bench.GatewayBench token "$SECRET")
ID=0190b6a5-0000-7000-8000-000000000000
DIRECT_URL="http://127.0.0.1:$VISION_PORT/v1/images/$ID"
GATEWAY_URL="$GW/v1/images/$ID"
CHAIN_URL="http://127.0.0.1:$CHAIN_PORT/v1/images/$ID"
echo "direct:  $(curl -s -o /dev/null -w '%{http_code}' -H "X-Mnemos-Identity: $TOKEN" "$DIRECT_URL")," \
     "gateway: $(curl -s -o /dev/null -w '%{http_code}' -H "X-API-Key: $KEY" "$GATEWAY_URL")," \
     "chain: $(curl -s -o /dev/null -w '%{http_code}' -H "X-API-Key: $KEY" "$CHAIN_URL") (all should be 404)"

ticks() { awk '{print $14+$15}' "/proc/$1/stat"; } # user + system CPU, 1/100 s
echo "== machine: $(nproc) cores; $(uptime)"
echo "== warm-up: ${WARMUP}s of wrk -t1 -c8 against each gateway (C2 compiles the hot path)"
wrk -t1 -c8 -d"${WARMUP}s" -H "X-API-Key: $KEY" "$GATEWAY_URL" | grep Requests/sec | sed 's/^/gateway /'
wrk -t1 -c8 -d"${WARMUP}s" -H "X-API-Key: $KEY" "$CHAIN_URL" | grep Requests/sec | sed 's/^/chain   /'
echo "== throughput (wrk -t2 -c$CONNECTIONS -d${ROUND_SECONDS}s), after a 10 s warm-up of each"
wrk -t2 -c"$CONNECTIONS" -d10s -H "X-Mnemos-Identity: $TOKEN" "$DIRECT_URL" >/dev/null
echo "-- direct";  wrk -t2 -c"$CONNECTIONS" -d"${ROUND_SECONDS}s" --latency -H "X-Mnemos-Identity: $TOKEN" "$DIRECT_URL"
echo "-- gateway"; wrk -t2 -c"$CONNECTIONS" -d"${ROUND_SECONDS}s" --latency -H "X-API-Key: $KEY" "$GATEWAY_URL"
echo "-- chain";   wrk -t2 -c"$CONNECTIONS" -d"${ROUND_SECONDS}s" --latency -H "X-API-Key: $KEY" "$CHAIN_URL"
echo "== machine: $(uptime)"
echo "== latency at $RATE req/s: $ROUNDS rounds of ${ROUND_SECONDS}s per target, alternating (after 10 s of each)"
G0=$(ticks "$GW_PID"); C0=$(ticks "$CHAIN_PID")
"$JAVA" -Xmx256m -cp "$CP" io.mnemos.gateway.bench.GatewayBench latency "$RATE" "$ROUND_SECONDS" "$ROUNDS" \
  "direct=$DIRECT_URL|X-Mnemos-Identity:$TOKEN" "gateway=$GATEWAY_URL|X-API-Key:$KEY" "chain=$CHAIN_URL|X-API-Key:$KEY"
N=$(( (10 + ROUNDS * ROUND_SECONDS) * RATE ))
for g in "gateway $GW_PID $G0" "chain $CHAIN_PID $C0"; do
  set -- $g
  d=$(( $(ticks "$2") - $3 ))
  echo "CPU of $1 during the fixed-rate phase: $((d * 10)) ms for $N requests = $(awk "BEGIN {printf \"%.3f\", $d * 10 / $N}") ms per request"
done
echo "== machine: $(uptime)"
