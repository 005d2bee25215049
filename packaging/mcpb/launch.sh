#!/bin/sh
# Starts oura-mcp from the Linux MCP Bundle. The manifest runs this file with /bin/sh, so it works even when the
# host extracted the bundle without exec bits (Claude Desktop on macOS extracts with mode 0600: mcpb#294, #42).
# It restores the binary's exec bit, points the loader at the bundled shared libraries and replaces itself with
# the server, so stdin/stdout stay the MCP pipe. The server itself treats settings the host left blank ("" or
# the literal "${user_config.KEY}") as unset and reads --demo-mode=true|false, as it must on Windows, where the
# manifest starts oura-mcp.exe directly.
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

LD_LIBRARY_PATH="$here/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
export LD_LIBRARY_PATH
exec "$bin" "$@"
