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

# A short conversation, as an MCP client would have it. Each answer is one JSON line on stdout.
{
    echo '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"run-demo","version":"1"}}}'
    echo '{"jsonrpc":"2.0","method":"notifications/initialized"}'
    echo '{"jsonrpc":"2.0","id":2,"method":"tools/list"}'
    echo '{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"get_daily_sleep","arguments":{"start_date":"last week"}}}'
    echo '{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"get_daily_readiness","arguments":{"start_date":"yesterday"}}}'
    echo '{"jsonrpc":"2.0","id":5,"method":"resources/read","params":{"uri":"oura://summary/yesterday"}}'
} | "$server" "${mode[@]}"
