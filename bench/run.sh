#!/usr/bin/env bash
# migd benchmark against a raw Vert.x baseline: one command.
#
#   bash bench/run.sh            full run (~20 min): results on stdout and in bench/results/latest.txt
#   bash bench/run.sh --smoke    every scenario for ~1 s with tiny counts (CI); results in bench/results/smoke.txt
#
# Other flags go to the driver: --rounds N, --seconds S, --only startup,invoke,proxy,sse,nats,ws, --out FILE.
# Extra JVM flags for the servers: BENCH_MIGD_JAVA_OPTS, BENCH_BASELINE_JAVA_OPTS (e.g. a JFR recording).
# Exit status: non-zero when a scenario failed to run (a missed target is not a failure).
set -euo pipefail

bench_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(dirname "$bench_dir")"
cd "$repo"

say() { echo "[bench] $*" >&2; }

if [[ -n "${JAVA_HOME:-}" ]]; then
  export PATH="$JAVA_HOME/bin:$PATH"
fi
command -v java >/dev/null || { say "java is not on PATH (JDK 17+ needed)"; exit 1; }
command -v mvn >/dev/null || { say "mvn is not on PATH"; exit 1; }
command -v taskset >/dev/null || { say "taskset (util-linux) is missing"; exit 1; }
if [[ "$(nproc --all)" -lt 2 ]]; then
  say "needs at least 2 CPUs (server on CPU 0, load generator on CPU 1)"; exit 1
fi

# wrk: the HTTP load generator
if ! command -v wrk >/dev/null; then
  if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null; then
    say "installing wrk"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk >/dev/null \
      || { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk >/dev/null; }
  fi
  command -v wrk >/dev/null || { say "wrk is missing (apt-get install wrk)"; exit 1; }
fi

# 10,000 SSE subscribers are 10,000 sockets in the server and 10,000 in the driver
want_fds=65536
if [[ "$(ulimit -n)" != unlimited && "$(ulimit -n)" -lt $want_fds ]]; then
  ulimit -n $want_fds 2>/dev/null || ulimit -n "$(ulimit -Hn)"
fi
if [[ "$*" != *--smoke* && "$(ulimit -n)" != unlimited && "$(ulimit -n)" -lt 12000 ]]; then
  say "warning: open-file limit $(ulimit -n) is too low for 10,000 subscribers (each side needs one per subscriber)"
fi

# builds: migd's jar and its class data archive when missing, then the bench's own module (kept out of the main build)
mvn_package() {  # offline first (~/.m2 is usually populated), online if something is missing
  mvn -B -q -o "$@" package || mvn -B -q "$@" package
}
if [[ ! -f target/migd.jar || ! -f target/migd.jsa ]]; then
  say "building target/migd.jar and target/migd.jsa"
  mvn_package -DskipTests
fi
say "building bench/target/migd-bench.jar"
mvn_package -f bench/pom.xml

mkdir -p bench/results/logs
export BENCH_GIT_REV="$(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet HEAD -- src routes 2>/dev/null || echo '+dirty')"
# On a shared machine (builds and tests of other work trees) the bench runs at a raised priority, so that other
# processes take little of the two CPUs while it measures; the driver reports how much they still took.
# With autogroup scheduling (kernel.sched_autogroup_enabled=1) a process's nice value only counts inside its own
# session's group, so the group's priority is raised too, and put back when the bench ends.
# BENCH_NICE=0 turns this off. The servers and wrk inherit the priority from the driver.
nice_cmd=()
bench_nice="${BENCH_NICE:--15}"
autogroup_before=""
if [[ "$bench_nice" != 0 && "$(id -u)" == 0 ]]; then
  nice_cmd=(nice -n "$bench_nice")
  if [[ -w /proc/self/autogroup ]]; then
    autogroup_before="$(sed -n 's/.* nice //p' /proc/self/autogroup)"
    echo "$bench_nice" > /proc/self/autogroup 2>/dev/null || autogroup_before=""
  fi
fi
restore_priority() {
  if [[ -n "$autogroup_before" ]]; then echo "$autogroup_before" > /proc/self/autogroup 2>/dev/null || true; fi
}
trap restore_priority EXIT
# the driver (and its SSE client) run on the load CPU; it pins the servers to CPU 0 and wrk to CPU 1 itself
"${nice_cmd[@]}" taskset -c 1 java -Xms256m -cp bench/target/migd-bench.jar io.migd.bench.Bench \
  --repo "$repo" "$@"
