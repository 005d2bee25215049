#!/bin/sh
# Starts oura-mcp from an MCP Bundle. The manifest runs this file with /bin/sh, so it works even when the host
# extracted the bundle without exec bits (Claude Desktop on macOS extracts with mode 0600: mcpb#294, #42).
# It restores the binary's exec bit, points the loader at the bundled shared libraries, drops settings the
# user left blank (hosts may pass "" or the literal "${user_config.KEY}"), turns --demo-mode=true into --demo
# and replaces itself with the server, so stdin/stdout stay the MCP pipe.
PATH=${PATH:-/usr/bin:/bin} # hosts may start us with an empty environment; chmod must still be found
case $0 in
    */*) here=${0%/*} ;;
    *) here=. ;;
esac
here=$(CDPATH='' cd -- "$here" && pwd) || exit 127
bin="$here/bin/oura-mcp"

if [ ! -x "$bin" ]; then
    chmod u+x "$bin" 2>/dev/null
    if [ ! -x "$bin" ]; then
        echo "oura-mcp bundle: $bin is not executable and chmod failed; reinstall the bundle" >&2
        exit 126
    fi
fi

for name in OURA_ACCESS_TOKEN OURA_REFRESH_TOKEN OURA_CLIENT_ID OURA_CLIENT_SECRET; do
    eval "value=\${$name-}"
    case $value in
        '' | '${user_config.'*) unset "$name" ;;
    esac
done
unset value

count=$#
for arg in "$@"; do
    case $arg in
        --demo-mode=true) set -- "$@" --demo ;;
        --demo-mode=*) ;;
        *) set -- "$@" "$arg" ;;
    esac
done
shift "$count"

LD_LIBRARY_PATH="$here/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
export LD_LIBRARY_PATH
exec "$bin" "$@"
