#!/usr/bin/env bash
# The one command that builds oura-mcp and runs every test: first the Windows cross build (windows preset: static
# oura-mcp.exe and plugin DLLs; its unit, ABI and trust-store tests under Wine), then the dev preset (unit, ABI,
# integration against the fake Oura API, interop with real npm MCP clients, install layout, and the Windows
# build's stdio sessions under Wine compared with Linux: label wine), then the whole suite again under
# AddressSanitizer + UBSan (asan preset, built with clang) together with a 20-second smoke run of each libFuzzer
# target (CTest label "fuzz"; long runs: docs/fuzzing.md). Installs what it needs first; the Windows
# dependencies (Poco, OpenSSL) are built once and cached (cmake/WindowsDependencies.cmake).
# Usage: tests/run-all.sh [preset ...]   (default: windows dev asan)
set -euo pipefail
cd "$(dirname "$0")/.."
presets=("$@")
[ ${#presets[@]} -gt 0 ] || presets=(windows dev asan)

packaging/install-deps.sh --with-tests
if [[ " ${presets[*]} " == *" asan "* ]] && ! command -v clang >/dev/null 2>&1; then
    echo "The asan preset builds with clang: install clang and libclang-rt-14-dev" >&2
    exit 1
fi
launcher=()
command -v ccache >/dev/null 2>&1 && launcher=(-DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache)

with_windows=0
if [[ " ${presets[*]} " == *" windows "* ]]; then
    with_windows=1
    # One Wine prefix for every Windows test, with its wineserver kept running: without it the first test can
    # hang on Wine's background services holding ctest's pipes, and each start costs 0.4 s instead of 24 ms.
    export WINEPREFIX="${WINEPREFIX:-${XDG_CACHE_HOME:-$HOME/.cache}/oura-mcp/wine-prefix}"
    export WINEDEBUG=-all
    trap 'wineserver -k >/dev/null 2>&1 || true' EXIT
fi

for preset in "${presets[@]}"; do
    echo "== $preset ==" >&2
    extra=()
    if [ "$preset" = dev ] && [ "$with_windows" = 1 ]; then
        extra=(-DOURA_MCP_WINE_TESTS=ON)
    fi
    cmake --preset "$preset" "${launcher[@]}" "${extra[@]}" >/dev/null
    cmake --build --preset "$preset"
    if [ "$preset" = windows ]; then
        packaging/windows/wine-run cmd /c exit >/dev/null 2>&1 || true # creates the prefix on first use
        wineserver -p 2>/dev/null || true # already running for this prefix is fine
        packaging/windows/wine-run build/windows/stage/bin/oura-mcp.exe --version >/dev/null
    fi
    ctest --preset "$preset"
done
