#!/usr/bin/env bash
# The one command that builds oura-mcp and runs every test (unit, ABI, integration against the fake Oura API,
# interop with real npm MCP clients). Installs what it needs first. Usage: tests/run-all.sh [preset]
set -euo pipefail
cd "$(dirname "$0")/.."
preset="${1:-dev}"

packaging/install-deps.sh --with-tests
launcher=()
command -v ccache >/dev/null 2>&1 && launcher=(-DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
cmake --preset "$preset" "${launcher[@]}" >/dev/null
cmake --build --preset "$preset"
ctest --preset "$preset"
