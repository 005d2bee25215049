#!/usr/bin/env bash
# The figures of issue 10 part 4 ("one copy of each answer"), from the child's own accounting (peak RSS and
# CPU time from wait4), so they hold on a loaded machine where wall-clock figures do not:
#   - peak RSS of the issue's --demo session: initialize, tools/list, get_heartrate, get_daily_activity,
#     get_sleep_periods, get_daily_readiness, get_workouts, get_sessions over "last 30 days",
#     get_daily_sleep and get_daily_stress over "last week", get_personal_info, get_ring_configuration;
#   - the same session against fake-oura-api (live mode);
#   - CPU of a session whose only call is 30 days of heart rate (fake API, 50 ms per request, 500 rows/page).
#
#   BIN=build/bench-rel/stage/bin bench/answer-copies.sh      # a Release tree built by bench/run-all.sh
#   RUNS=7 BIN=... bench/answer-copies.sh
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
bin=${BIN:-$root/build/bench-rel/stage/bin}
runs=${RUNS:-5}
bench=$bin/mcp-session-bench
server=$bin/oura-mcp
fake=$bin/fake-oura-api

# report LABEL: one line from a mcp-session-bench --json result on stdin.
report() {
    python3 -c 'import json,sys; j=json.load(sys.stdin); print("%-58s peak RSS %.1f MB (max of runs), CPU %.1f ms (median)" % (sys.argv[1], j["max_rss_kb_max"] / 1024, j["cpu_ms_median"]))' "$1"
}
call() { printf '{"name":"%s","arguments":%s}' "$1" "$2"; }
month='{"start_date":"last 30 days"}'
week='{"start_date":"last week"}'
session=(--call tools/list '{}'
    --call tools/call "$(call get_heartrate '{"start_datetime":"last 30 days"}')"
    --call tools/call "$(call get_daily_activity "$month")"
    --call tools/call "$(call get_sleep_periods "$month")"
    --call tools/call "$(call get_daily_readiness "$month")"
    --call tools/call "$(call get_workouts "$month")"
    --call tools/call "$(call get_sessions "$month")"
    --call tools/call "$(call get_daily_sleep "$week")"
    --call tools/call "$(call get_daily_stress "$week")"
    --call tools/call "$(call get_personal_info '{}')"
    --call tools/call "$(call get_ring_configuration '{}')")

"$bench" --json --runs "$runs" --warmup 0 "${session[@]}" -- "$server" --demo |
    report "issue-10 session, --demo ($runs runs)"
"$bench" --json --runs "$runs" --warmup 0 --fake-api "$fake" "${session[@]}" -- "$server" |
    report "issue-10 session, fake API ($runs runs)"
"$bench" --json --runs "$runs" --warmup 1 --fake-api "$fake" \
    --fake-arg --latency-ms --fake-arg 50 --fake-arg --page-size --fake-arg 500 \
    --call tools/call "$(call get_heartrate '{"start_datetime":"last 30 days"}')" -- "$server" |
    report "30 days of heart rate only, fake API ($runs runs)"
