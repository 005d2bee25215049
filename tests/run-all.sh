#!/usr/bin/env bash
# The one command that builds oura-mcp and runs every test (unit, ABI, integration against the fake Oura API,
# interop with real npm MCP clients, install layout): first in the dev preset, then the whole suite again
# under AddressSanitizer + UBSan (asan preset, built with clang) together with a 20-second smoke run of each
# libFuzzer target (CTest label "fuzz"; long runs: docs/fuzzing.md). Installs what it needs first.
# Usage: tests/run-all.sh [preset ...]   (default: dev asan)
set -euo pipefail
cd "$(dirname "$0")/.."
presets=("$@")
[ ${#presets[@]} -gt 0 ] || presets=(dev asan)

packaging/install-deps.sh --with-tests
if [[ " ${presets[*]} " == *" asan "* ]] && ! command -v clang >/dev/null 2>&1; then
    echo "The asan preset builds with clang: install clang and libclang-rt-14-dev" >&2
    exit 1
fi
launcher=()
command -v ccache >/dev/null 2>&1 && launcher=(-DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
for preset in "${presets[@]}"; do
    echo "== $preset ==" >&2
    cmake --preset "$preset" "${launcher[@]}" >/dev/null
    cmake --build --preset "$preset"
    ctest --preset "$preset"
done
