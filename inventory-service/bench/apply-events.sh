#!/bin/bash
# inventory-service CPU per applied server.inspected: N servers inserted straight into inventory's database (no
# provisioning involved), N events published at once on provisioning.servers, CPU of the service's process (utime+stime
# from /proc) from just before publishing until every row is 'available'.
# Needs a running stack (./metalfleet up; the ports of METALFLEET_PG_PORT and METALFLEET_KAFKA_PORT).
# Usage: inventory-service/bench/apply-events.sh [N]
set -e
N=${1:-10000}
HERE=$(cd "$(dirname "$0")" && pwd)
PSQL="psql -h 127.0.0.1 -p ${METALFLEET_PG_PORT:-5433} -U postgres -d inventory -Atq"
cd "$HERE/../.."
PID=$(cat .metalfleet/pids/inventory-service.pid)
IDS=$(mktemp)
PROJECT=applybench-$(date +%s)
M2=~/.m2/repository
CP=$M2/org/apache/kafka/kafka-clients/4.1.2/kafka-clients-4.1.2.jar:$M2/org/slf4j/slf4j-api/2.0.18/slf4j-api-2.0.18.jar
$PSQL -c "INSERT INTO servers (uid, id, region, project, bmc_address, bmc_endpoint, provisioning_state, health_status, created_at, updated_at)
  SELECT gen_random_uuid(), 'server-' || substr(md5('$PROJECT' || g), 1, 6), 'us-texas-1', '$PROJECT',
         'https://127.77.' || (g / 250) || '.' || (g % 250 + 1), 'https://127.77.' || (g / 250) || '.' || (g % 250 + 1) || ':443',
         'inspecting', 'unknown', now(), now() FROM generate_series(1, $N) g ON CONFLICT DO NOTHING"
$PSQL -c "SELECT id FROM servers WHERE project = '$PROJECT'" > "$IDS"
COUNT=$(wc -l < "$IDS")
ticks() { awk '{print $14 + $15}' /proc/$PID/stat; }
HZ=$(getconf CLK_TCK)
sleep 2
T0=$(ticks); S0=$(date +%s.%N)
java -cp "$CP" "$HERE/PublishInspected.java" "127.0.0.1:${METALFLEET_KAFKA_PORT:-9092}" "$IDS" > /dev/null 2>&1
while true; do
  DONE=$($PSQL -c "SELECT count(*) FROM servers WHERE project = '$PROJECT' AND provisioning_state = 'available'")
  [ "$DONE" -ge "$COUNT" ] && break
  sleep 0.5
done
T1=$(ticks); S1=$(date +%s.%N)
echo "servers $COUNT; inventory-service CPU $(echo "scale=2; ($T1-$T0)/$HZ" | bc) s; per event $(echo "scale=3; ($T1-$T0)*1000000/$HZ/$COUNT" | bc) us; wall $(echo "$S1-$S0" | bc) s; load $(cut -d' ' -f1-3 /proc/loadavg)"
$PSQL -c "DELETE FROM servers WHERE project = '$PROJECT'"
rm -f "$IDS"
