#!/usr/bin/env bash
# Start-up CPU of oura-mcp as a client sees it (spawn, initialize, stdin closed, exit), against the bare
# Poco program that loads the same shared libraries and answers the same line (bare-poco-line-all-libs).
# The server gets a realistic HOME: a config file (~/.config/oura-mcp/config.json, time zone
# Europe/Berlin) and a token file (~/.local/state/oura-mcp/tokens.json), so settings parsing, token file
# reading and time zone loading are counted. Measured:
#   bare       bare-poco-line-all-libs (Poco NetSSL, Net, Util, JSON, XML, Foundation; Crypto, OpenSSL)
#   foundation bare-poco-line (Poco Foundation only), for scale
#   no-plugins oura-mcp, OURA_MCP_PLUGINS_ALLOW=nothing, HOME with config and token file
#   no-home    oura-mcp, OURA_MCP_PLUGINS_ALLOW=nothing, no HOME
#   plugins    oura-mcp with the five bundled plugins, HOME with config and token file
# CPU is the child's user + system time from wait4. The programs take turns (ROUNDS rounds of RUNS
# spawns each, the median per round, then the median of the rounds), so a load that comes and goes
# weighs on all of them alike. With CALLGRIND=1 (valgrind installed) each start is also counted in
# instructions, which does not depend on the machine's load.
#
#   bench/startup-cpu.sh [BIN_DIR]             # BIN_DIR: a Release tree's stage/bin (default build/bench-rel)
#   ROUNDS=20 RUNS=5 CALLGRIND=1 bench/startup-cpu.sh build/release/stage/bin
#   SERVER=/path/to/other/oura-mcp bench/startup-cpu.sh   # A/B: another server binary, same baselines
# (a SERVER outside BIN_DIR finds no bundled plugins: keep it in BIN_DIR to measure "plugins")
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
bin=${1:-$root/build/bench-rel/stage/bin}
rounds=${ROUNDS:-10}
runs=${RUNS:-5}
bench=$bin/mcp-session-bench
server=${SERVER:-$bin/oura-mcp}
for f in "$bench" "$server" "$bin/bare-poco-line" "$bin/bare-poco-line-all-libs"; do
    [[ -x $f ]] || { echo "startup-cpu.sh: $f is missing (build the bench targets)" >&2; exit 2; }
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
home=$work/home
mkdir -p "$home/.config/oura-mcp" "$home/.local/state/oura-mcp"
cat >"$home/.config/oura-mcp/config.json" <<'EOF'
{
  "client_id": "startup-bench-client",
  "time_zone": "Europe/Berlin",
  "log_level": "info",
  "timeouts": { "connect_ms": 10000, "read_ms": 30000 },
  "cache": { "recent_seconds": 60, "settled_seconds": 3600, "profile_seconds": 300 },
  "plugins": { "sleep": { "example_setting": "value" } }
}
EOF
now=$(date +%s)
(
    umask 077
    cat >"$home/.local/state/oura-mcp/tokens.json" <<EOF
{
  "access_token": "startup-bench-access",
  "refresh_token": "startup-bench-refresh",
  "expires_at": $((now + 30 * 86400)),
  "scope": "daily heartrate personal session workout",
  "token_type": "Bearer",
  "saved_at": $now,
  "chain_origin": "startup-bench"
}
EOF
)

# The ratio only means something if the bare program loads what oura-mcp loads: a program that names the
# libraries on its link line but uses none of them loses them to --as-needed (Debian's default).
libs() { LD_TRACE_LOADED_OBJECTS=1 "$1" </dev/null | awk '{print $1}' | grep -v '^linux-vdso' | sort; }
if ! diff <(libs "$server") <(libs "$bin/bare-poco-line-all-libs") >"$work/libs.diff"; then
    echo "startup-cpu.sh: warning: bare-poco-line-all-libs does not load the libraries oura-mcp loads:" >&2
    cat "$work/libs.diff" >&2
fi

names=(bare foundation no-plugins no-home plugins)
declare -A cmd
cmd[bare]="--raw --env HOME=$home -- $bin/bare-poco-line-all-libs"
cmd[foundation]="--raw --env HOME=$home -- $bin/bare-poco-line"
cmd[no-plugins]="--env HOME=$home --env OURA_MCP_PLUGINS_ALLOW=nothing -- $server"
cmd[no-home]="--env OURA_MCP_PLUGINS_ALLOW=nothing -- $server"
cmd[plugins]="--env HOME=$home -- $server"

for ((r = 0; r < rounds; r++)); do
    for n in "${names[@]}"; do
        # shellcheck disable=SC2086 # cmd holds words without spaces (paths under mktemp and the tree)
        "$bench" --json --runs "$runs" --warmup 1 ${cmd[$n]} >>"$work/$n.jsonl"
    done
done

if [[ -n "${CALLGRIND:-}" ]] && command -v valgrind >/dev/null; then
    line='{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"startup-cpu","version":"1"}}}'
    count() {
        local name=$1 program=$2
        shift 2
        printf '%s\n' "$line" | env -i "$@" "$(command -v valgrind)" --tool=callgrind \
            --callgrind-out-file=/dev/null --log-file="$work/$name.cg" "$program" >/dev/null 2>&1
        grep -o 'Collected : [0-9]*' "$work/$name.cg" | awk '{print $3}' >"$work/$name.ir"
    }
    count bare "$bin/bare-poco-line-all-libs" HOME="$home"
    count foundation "$bin/bare-poco-line" HOME="$home"
    count no-plugins "$server" HOME="$home" OURA_MCP_PLUGINS_ALLOW=nothing
    count no-home "$server" OURA_MCP_PLUGINS_ALLOW=nothing
    count plugins "$server" HOME="$home"
fi

python3 - "$work" "$rounds" "$runs" "${names[@]}" <<'EOF'
import json, os, statistics, sys
work, rounds, runs, names = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
def rows(name):
    return [json.loads(l) for l in open(os.path.join(work, name + ".jsonl"))]
def ir(name):
    path = os.path.join(work, name + ".ir")
    return int(open(path).read()) if os.path.exists(path) and open(path).read().strip() else None
cpu = {n: statistics.median(r["cpu_ms_median"] for r in rows(n)) for n in names}
first = {n: statistics.median(r["first_ms_median"] for r in rows(n)) for n in names}
inst = {n: ir(n) for n in names}
print("start-up, %s rounds of %s spawns (median of the per-round medians)" % (rounds, runs))
print("| program | CPU to exit | x bare | spawn -> first answer | instructions | x bare |")
print("|---|---|---|---|---|---|")
for n in names:
    i = inst[n]
    print("| %s | %.2f ms | %.2fx | %.2f ms | %s | %s |" % (
        n, cpu[n], cpu[n] / cpu["bare"], first[n], "%.2f M" % (i / 1e6) if i else "-",
        "%.2fx" % (i / inst["bare"]) if i and inst["bare"] else "-"))
ratio = cpu["no-plugins"] / cpu["bare"]
print("target (issue 10, part 5): no-plugins CPU <= 1.5x bare: %.2fx, %s" % (ratio, "met" if ratio <= 1.5 else "NOT met"))
EOF
