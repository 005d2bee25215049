#!/usr/bin/env bash
# Streamable HTTP figures of docs/performance.md: requests/s and latency over keep-alive with N concurrent
# clients for tools/list and a cached tools/call, RSS with 1,000 idle sessions, and tools/list side by side
# with the reference server (@modelcontextprotocol/server-everything, streamable HTTP mode) on this machine.
# Not a test: run it on a quiet machine.
#
#   bench/http-bench.sh                       # uses build/release (cmake --preset release)
#   BIN=build/dev/stage/bin SECONDS_EACH=3 bench/http-bench.sh
#   NO_REFERENCE=1 bench/http-bench.sh        # skip server-everything (needs npm)
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
bin=${BIN:-$root/build/release/stage/bin}
seconds=${SECONDS_EACH:-5}
load=$bin/http-load-bench
work=$(mktemp -d)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT

# Starts `oura-mcp serve --demo --http 127.0.0.1:0` and sets url and pid.
start_oura() {
    HOME=$work XDG_STATE_HOME=$work "$bin/oura-mcp" serve --demo --http 127.0.0.1:0 --log-level warning \
        2>"$work/oura.log" &
    pid=$!
    pids+=("$pid")
    for _ in $(seq 100); do
        url=$(grep -o 'http://127\.0\.0\.1:[0-9]*/mcp' "$work/oura.log" | head -1 || true)
        [[ -n "$url" ]] && return
        sleep 0.1
    done
    echo "oura-mcp did not start" >&2
    exit 1
}

rss_kb() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }
measure() { "$load" --url "$1" --seconds "$seconds" "${@:2}"; }

start_oura
echo "# oura-mcp serve --http ($bin)"
for clients in 1 8 32; do
    echo "tools/list  clients=$clients  $(measure "$url" --clients "$clients")"
done
cached='{"name":"get_daily_sleep","arguments":{"start_date":"2026-11-01","end_date":"2026-11-07"}}'
for clients in 1 8 32; do
    echo "tools/call (cached)  clients=$clients  $(measure "$url" --clients "$clients" --method tools/call --params "$cached")"
done
kill "$pid"
wait "$pid" 2>/dev/null || true

start_oura
before=$(rss_kb "$pid")
"$load" --url "$url" --sessions-only 1000 >/dev/null
echo "RSS: ${before} kB at start, $(rss_kb "$pid") kB with 1000 idle sessions"
kill "$pid"

if [[ -z "${NO_REFERENCE:-}" ]]; then
    (cd "$work" && npm install --no-audit --no-fund --loglevel=error \
        @modelcontextprotocol/server-everything@2026.8.31 >/dev/null)
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    PORT=$port node "$work/node_modules/@modelcontextprotocol/server-everything/dist/index.js" streamableHttp \
        >"$work/everything.log" 2>&1 &
    pids+=("$!")
    for _ in $(seq 100); do grep -q "listening on port" "$work/everything.log" && break; sleep 0.1; done
    echo "# server-everything 2026.8.31 (node $(node --version))"
    for clients in 1 8 32; do
        echo "tools/list  clients=$clients  $(measure "http://127.0.0.1:$port/mcp" --clients "$clients")"
    done
fi
