#!/usr/bin/env bash
# ./metalfleet bench simulator -> deploy/bmc-simulator/bench.sh [SimulatorBench options, e.g. --bmcs 10000 --duration-s 20]
# Runs the simulator in its own JVM pinned to core 0 (1 event loop, -Xmx512m) and the load generator in
# this JVM pinned to core 1, then prints "name value unit target" lines.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
if [[ ! -f "$here/target/classpath.txt" || ! -d "$here/target/classes" ]]; then
  (cd "$root" && ./mvnw -q -B -pl deploy/bmc-simulator -am install -DskipTests)
fi
# 10,000 listening sockets + 10,000 accepted + 10,000 client connections: the default soft limit is too low
ulimit -n 1048576 2>/dev/null || ulimit -n "$(ulimit -Hn)" || true
echo "# ulimit -n $(ulimit -n)"
pin=()
if command -v taskset >/dev/null 2>&1 && [[ "$(nproc --all)" -ge 2 ]]; then pin=(taskset -c 1); fi
exec "${pin[@]}" java -Xmx768m -cp "$here/target/classes:$(cat "$here/target/classpath.txt")" \
  io.metalfleet.simulator.bench.SimulatorBench "$@"
