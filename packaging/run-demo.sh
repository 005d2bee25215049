#!/usr/bin/env bash
# Builds oura-mcp and shows it doing its job: an MCP client conversation over stdio, answered from the
# built-in synthetic dataset when no Oura account is configured (or from your account when one is).
# Usage: packaging/run-demo.sh            -- build, then run a short scripted MCP session and print it
#        packaging/run-demo.sh --serve    -- build, then serve MCP on this terminal's stdin/stdout
set -euo pipefail
cd "$(dirname "$0")/.."

packaging/install-deps.sh
launcher=()
command -v ccache >/dev/null 2>&1 && launcher=(-DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
cmake --preset release "${launcher[@]}" >/dev/null
cmake --build --preset release >&2
server=build/release/stage/bin/oura-mcp

mode=(--demo)
if [ -n "${OURA_ACCESS_TOKEN:-}" ] || [ -s "${XDG_STATE_HOME:-$HOME/.local/state}/oura-mcp/tokens.json" ]; then
    mode=()
    echo "Oura credentials found: serving your real data." >&2
else
    echo "No Oura account configured: serving the built-in demo dataset (synthetic data)." >&2
fi

if [ "${1:-}" = "--serve" ]; then
    exec "$server" "${mode[@]}"
fi

# A short conversation, as an MCP client has it: one JSON-RPC request per line on the server's stdin, one
# answer per line on its stdout. Each answer is awaited before the next request, and stdin is closed at the
# end, which is how clients stop a stdio server.
coproc SERVER { "$server" "${mode[@]}"; }
exec {to_server}>&"${SERVER[1]}" {from_server}<&"${SERVER[0]}"

ask() { # ask ID TITLE JSON: send one request, print its answer
    local id="$1" title="$2" request="$3" line
    printf '%s\n' "$request" >&"$to_server"
    while IFS= read -r line <&"$from_server"; do
        case "$line" in *"\"id\":$id,"*|*"\"id\":$id}"*) break ;; esac
    done
    printf '\n== %s\n' "$title"
    if command -v python3 >/dev/null 2>&1; then
        printf '%s\n' "$line" | python3 -c 'import json,sys
m = json.load(sys.stdin); r = m.get("result", m)
if "tools" in r: print("\n".join(t["name"] + ": " + t.get("title", "") for t in r["tools"]))
elif "structuredContent" in r: print(json.dumps(r["structuredContent"], indent=2)[:4000])
elif "contents" in r: print(json.dumps(json.loads(r["contents"][0]["text"]), indent=2)[:4000])
else: print(json.dumps(r, indent=2)[:4000])'
    else
        printf '%s\n' "$line"
    fi
}

ask 1 "initialize" '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"run-demo","version":"1"}}}'
printf '%s\n' '{"jsonrpc":"2.0","method":"notifications/initialized"}' >&"$to_server"
ask 2 "tools/list" '{"jsonrpc":"2.0","id":2,"method":"tools/list"}'
ask 3 "How did I sleep last week? (get_daily_sleep)" '{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"get_daily_sleep","arguments":{"start_date":"last week"}}}'
ask 4 "Readiness yesterday (get_daily_readiness)" '{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"get_daily_readiness","arguments":{"start_date":"yesterday"}}}'
ask 5 "Heart rate over the last 3 days (get_heartrate)" '{"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"get_heartrate","arguments":{"start_datetime":"last 3 days"}}}'
ask 6 "Summary of yesterday (oura://summary/yesterday)" '{"jsonrpc":"2.0","id":6,"method":"resources/read","params":{"uri":"oura://summary/yesterday"}}'
exec {to_server}>&-
eval "exec ${SERVER[1]}>&-" # the coproc's own copy too: the server must see end of input
wait "$SERVER_PID"
