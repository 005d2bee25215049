#!/bin/sh
# Builds the out-of-tree SDK consumer plugin as a Windows .dll against an INSTALLED SDK, with the project's
# mingw-w64 toolchain, as a plugin author cross-compiling for Windows would; then checks the .dll exports only
# the plugin entry point and imports only Windows' own DLLs, and, if the prefix also holds oura-mcp.exe, that
# the installed host loads it (under Wine unless on Windows).
#
#   tests/sdk_consumer/cross-build.sh SDK_PREFIX BUILD_DIR
#
# SDK_PREFIX: an install of the `sdk` component (or of everything), e.g.
#   cmake --install build/windows --prefix /tmp/oura-mcp-win --component sdk
# (the SDK is header-only and its CMake package is architecture-independent, so a Linux install works too).
# The toolchain file confines find_package to the mingw root (CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY), so the
# package is named with OuraMcpSdk_DIR rather than CMAKE_PREFIX_PATH.
# Environment: OURA_MCP_TOOLCHAIN (default cmake/toolchains/x86_64-w64-mingw32.cmake), OURA_MCP_RUNNER
# (default packaging/windows/wine-run), CMAKE_GENERATOR (default Ninja).
set -eu
if [ $# -ne 2 ]; then
    echo "usage: $0 SDK_PREFIX BUILD_DIR" >&2
    exit 2
fi
here=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
source_dir=$(CDPATH='' cd -- "$here/../.." && pwd)
prefix=$(CDPATH='' cd -- "$1" && pwd)
build=$2
toolchain=${OURA_MCP_TOOLCHAIN:-$source_dir/cmake/toolchains/x86_64-w64-mingw32.cmake}
runner=${OURA_MCP_RUNNER:-$source_dir/packaging/windows/wine-run}
objdump=x86_64-w64-mingw32-objdump

fail() {
    printf 'FAIL: %s\n' "$*" >&2
    exit 1
}

package_dir=$(find "$prefix/lib" -path '*/cmake/OuraMcpSdk/OuraMcpSdkConfig.cmake' 2>/dev/null | head -n 1)
[ -n "$package_dir" ] || fail "no lib/**/cmake/OuraMcpSdk/OuraMcpSdkConfig.cmake under $prefix (install the sdk component)"
package_dir=${package_dir%/OuraMcpSdkConfig.cmake}

rm -rf "$build"
cmake -S "$here" -B "$build" -G "${CMAKE_GENERATOR:-Ninja}" -DCMAKE_TOOLCHAIN_FILE="$toolchain" \
    -DOuraMcpSdk_DIR="$package_dir" -DCMAKE_BUILD_TYPE=Release >"$build.configure.log" 2>&1 ||
    { cat "$build.configure.log" >&2; fail "configuring the consumer with $toolchain failed"; }
cmake --build "$build" || fail "building the consumer failed"

dll="$build/consumer.dll"
[ -f "$dll" ] || fail "no $dll (the plugin should be <id>.dll)"
headers=$("$objdump" -p "$dll") || fail "$objdump cannot read $dll"
exports=$(printf '%s\n' "$headers" | sed -n '/\[Ordinal\/Name Pointer\] Table/,/^$/p' | awk 'NR > 1 && NF { print $NF }')
[ "$exports" = "omcp_plugin_describe" ] || fail "$dll should export only omcp_plugin_describe, exports: $exports"
imports=$(printf '%s\n' "$headers" | awk '/DLL Name:/ { print tolower($3) }' | sort -u)
for name in $imports; do
    case $name in
        kernel32.dll | msvcrt.dll | ucrtbase.dll | api-ms-win-*) ;;
        *) fail "$dll imports $name: a plugin must link its C++ runtime statically (the toolchain's -static)" ;;
    esac
done
echo "consumer: $dll ($(wc -c <"$dll") bytes) exports omcp_plugin_describe, imports $(echo $imports)"

host="$prefix/bin/oura-mcp.exe"
if [ -f "$host" ]; then
    case $(uname -s) in
        MINGW* | MSYS* | CYGWIN*) run="" plugin_dir=$build ;;
        *) # under Wine the .exe gets the folder as a Windows path (Z:\...)
            run=$runner
            plugin_dir=$($runner winepath -w "$(CDPATH='' cd -- "$build" && pwd)" | tr -d '\r') ;;
    esac
    errors="$build/plugins.stderr"
    listing=$($run "$host" plugins --plugin-dir "$plugin_dir" 2>"$errors") ||
        fail "$host plugins failed (exit $?): $listing
$(cat "$errors")"
    printf '%s\n' "$listing" | grep -q consumer_hello || fail "$host did not load consumer.dll:
$listing"
    if printf '%s\n' "$listing" | grep -Eq 'refused: [1-9]|Refused plugin files: [1-9]'; then
        fail "$host refused a plugin file:
$listing"
    fi
    echo "consumer: $host loads it"
fi
