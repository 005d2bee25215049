#!/usr/bin/env bash
# Reproduces every figure of docs/performance.md: builds a Release tree, runs each measurement and prints
# one table (figure | measured | target). Run it on a quiet machine: the figures are wall-clock medians.
#
#   bench/run-all.sh                 # build into build/bench-rel, RUNS=30 spawns per spawn figure
#   BUILD_DIR=/tmp/rel RUNS=50 bench/run-all.sh
#   SKIP_BUILD=1 bench/run-all.sh    # reuse an existing tree
#
# Needs: cmake, ninja, a C++17 compiler, libpoco-dev, nlohmann-json3-dev, libbenchmark-dev, python3.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build/bench-rel}
runs=${RUNS:-30}
session_runs=${SESSION_RUNS:-7}
jobs=${JOBS:-2}
plugins=(activity heartrate readiness sleep user)

if [[ -z "${SKIP_BUILD:-}" ]]; then
    launcher=()
    if command -v ccache >/dev/null; then
        launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
    fi
    cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DOURA_MCP_BUILD_BENCH=ON \
        -DOURA_MCP_BUILD_TESTS=ON "${launcher[@]}" >&2
    targets=(oura-mcp fake-oura-api mcp-session-bench bare-poco-line bare-poco-line-all-libs oura-mcp-microbench)
    for p in "${plugins[@]}"; do targets+=("oura_mcp_plugin_$p"); done
    cmake --build "$build" --target "${targets[@]}" -j"$jobs" >&2
fi

bin=$build/stage/bin
bench=$bin/mcp-session-bench
server=$bin/oura-mcp
fake=$bin/fake-oura-api
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# field FILE PYTHON-EXPRESSION-ON-j: reads one value from a mcp-session-bench --json result.
field() { python3 -c "import json,sys; j=json.load(open(sys.argv[1])); print($2)" "$1"; }
call() { printf '{"name":"%s","arguments":%s}' "$1" "$2"; }

echo "== spawn -> initialize (medians of $runs spawns; empty environment, pipes)" >&2
"$bench" --json --runs "$runs" --raw -- "$bin/bare-poco-line" >"$out/bare.json"
"$bench" --json --runs "$runs" --raw -- "$bin/bare-poco-line-all-libs" >"$out/bare-all.json"
"$bench" --json --runs "$runs" -- "$server" >"$out/spawn.json"
"$bench" --json --runs "$runs" -- "$server" --demo >"$out/spawn-demo.json"

echo "== start-up CPU with a HOME (config file, token file): oura-mcp against the bare program" >&2
ROUNDS=${STARTUP_ROUNDS:-10} RUNS=5 "$root/bench/startup-cpu.sh" "$bin" >"$out/startup.md"

echo "== peak RSS of a --demo session: initialize, tools/list, 10 tool calls" >&2
"$bench" --json --runs 3 --warmup 0 --call tools/list '{}' \
    --call tools/call "$(call get_daily_sleep '{"start_date":"last week"}')" \
    --call tools/call "$(call get_daily_readiness '{"start_date":"last 30 days"}')" \
    --call tools/call "$(call get_daily_activity '{"start_date":"last 30 days"}')" \
    --call tools/call "$(call get_heartrate '{"start_datetime":"yesterday"}')" \
    --call tools/call "$(call get_heartrate '{"start_datetime":"last 30 days"}')" \
    --call tools/call "$(call get_sleep_periods '{"start_date":"last week"}')" \
    --call tools/call "$(call get_workouts '{"start_date":"last 30 days"}')" \
    --call tools/call "$(call get_personal_info '{}')" \
    --call tools/call "$(call get_ring_battery_level '{"start_date":"last 3 days"}')" \
    --call tools/call "$(call get_daily_stress '{"start_date":"last week"}')" \
    -- "$server" --demo >"$out/rss.json"

echo "== 30 days of heart rate, fake API: 50 ms per request, 500 rows per page" >&2
"$bench" --json --runs "$session_runs" --warmup 1 --fake-api "$fake" \
    --fake-arg --latency-ms --fake-arg 50 --fake-arg --page-size --fake-arg 500 \
    --call tools/call "$(call get_heartrate '{"start_datetime":"last 30 days"}')" \
    -- "$server" >"$out/hr.json"

echo "== oura://summary/yesterday, fake API: 100 ms per request" >&2
"$bench" --json --runs "$session_runs" --warmup 1 --fake-api "$fake" --fake-arg --latency-ms --fake-arg 100 \
    --call resources/read '{"uri":"oura://summary/yesterday"}' -- "$server" >"$out/summary.json"

echo "== answer sizes, 30 days (--demo dataset)" >&2
"$bench" --json --runs 1 --warmup 0 \
    --call tools/call "$(call get_heartrate '{"start_datetime":"last 30 days"}')" \
    --call tools/call "$(call get_heartrate '{"start_datetime":"last 30 days","resolution":"raw"}')" \
    --call tools/call "$(call get_daily_activity '{"start_date":"last 30 days"}')" \
    --call tools/call "$(call get_daily_activity '{"start_date":"last 30 days","include":["met","class_5_min"]}')" \
    -- "$server" --demo >"$out/bytes.json"

echo "== microbenchmarks" >&2
"$bin/oura-mcp-microbench" --benchmark_min_time=0.2 --benchmark_format=json >"$out/micro.json" 2>/dev/null

python3 - "$out" <<'EOF'
import json, os, sys
d = sys.argv[1]
j = lambda name: json.load(open(os.path.join(d, name)))
bare, bare_all, spawn, demo = j("bare.json"), j("bare-all.json"), j("spawn.json"), j("spawn-demo.json")
rss, hr, summary, size = j("rss.json"), j("hr.json"), j("summary.json"), j("bytes.json")
kb = lambda b: "%.1f KB" % (b / 1000)
ratio = spawn["first_ms_median"] / bare["first_ms_median"]
rows = [
    ("spawn -> initialize result, median (oura-mcp, no token)",
     "%.2f ms (CPU %.1f ms)" % (spawn["first_ms_median"], spawn["cpu_ms_median"]), "<= 6 ms"),
    ("  ... oura-mcp --demo", "%.2f ms (CPU %.1f ms)" % (demo["first_ms_median"], demo["cpu_ms_median"]), ""),
    ("  ... bare Poco program (Foundation), one line",
     "%.2f ms (CPU %.1f ms)" % (bare["first_ms_median"], bare["cpu_ms_median"]), ""),
    ("  ... bare Poco program (same Poco libraries as oura-mcp)",
     "%.2f ms (CPU %.1f ms)" % (bare_all["first_ms_median"], bare_all["cpu_ms_median"]), ""),
    ("  ... ratio oura-mcp / bare Poco (Foundation)", "%.2fx" % ratio, "<= 2x"),
    ("peak RSS, --demo session (init, tools/list, 10 calls)", "%.1f MB" % (rss["max_rss_kb_max"] / 1024),
     "<= 20 MB"),
    ("30 days heart rate, fake API 50 ms/request, 500 rows/page",
     "%.3f s" % (hr["calls"][0]["ms_median"] / 1000), "<= 0.27 s"),
    ("oura://summary/yesterday, fake API 100 ms/request", "%.0f ms" % summary["calls"][0]["ms_median"],
     "<= 130 ms"),
]
c = size["calls"]
rows += [
    ("bytes, 30 days heart rate (default; raw)",
     "%s text / %s line; %s text / %s line" % (kb(c[0]["text_bytes"]), kb(c[0]["bytes"]),
                                              kb(c[1]["text_bytes"]), kb(c[1]["bytes"])), "<= 40 KB"),
    ("bytes, 30 days daily_activity (default; include met+class_5_min)",
     "%s text / %s line; %s text / %s line" % (kb(c[2]["text_bytes"]), kb(c[2]["bytes"]),
                                              kb(c[3]["text_bytes"]), kb(c[3]["bytes"])), "<= 30 KB"),
]
for b in j("micro.json")["benchmarks"]:
    rows.append(("micro " + b["name"], "%.2f us CPU" % (b["cpu_time"] / 1000 if b["time_unit"] == "ns"
                                                       else b["cpu_time"]), ""))
w = max(len(r[0]) for r in rows)
print("| %-*s | %-40s | %-9s |" % (w, "figure", "measured", "target"))
print("|-%s-|-%s-|-%s-|" % ("-" * w, "-" * 40, "-" * 9))
for r in rows:
    print("| %-*s | %-40s | %-9s |" % (w, r[0], r[1], r[2]))
EOF
echo
cat "$out/startup.md"
