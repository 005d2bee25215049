#!/usr/bin/env bash
# Remote, several people (issue 12): requests per second of `oura-mcp serve --http --public-url` as a remote,
# multi-user server behind its own OAuth, for an authenticated tools/list and an authenticated cached
# tools/call (get_daily_sleep over 7 fixed past days, repeated), with 1, 8 and 32 keep-alive clients:
#   sqlite, 1 replica          the SQLite store in the state folder, clients straight at the replica
#   postgresql, 1 replica      one PostgreSQL store (a throwaway cluster), clients straight at the replica
#   postgresql, 1 behind nginx the same through nginx (the cost of the balancer alone)
#   postgresql, 2 behind nginx two replicas on that store, same state folder (keys), nginx in front
# Each configuration signs one fake person in through its public URL (bench/remote-signin.py: DCR, PKCE,
# consent, the fake Oura sign-in, /token) and loads it with http-load-bench. Not a test: run it on a quiet
# machine; see docs/performance.md "Remote, several people (issue 12)".
#
# Needs a Release tree with the test programs (fake-oura-api lives in tests/) and the benchmarks:
#   cmake --preset release -DOURA_MCP_BUILD_BENCH=ON -DOURA_MCP_BUILD_TESTS=ON
#   cmake --build build/release -j2 --target oura-mcp fake-oura-api http-load-bench \
#       oura_mcp_plugin_activity oura_mcp_plugin_heartrate oura_mcp_plugin_readiness \
#       oura_mcp_plugin_sleep oura_mcp_plugin_user
# and Debian's postgresql (initdb, pg_ctl under /usr/lib/postgresql/*/bin) and nginx-light
# (packaging/install-deps.sh --with-tests installs both). Then:
#   bench/remote-bench.sh                         # BIN defaults to build/release/stage/bin
#   SECONDS_EACH=4 CLIENTS="1 8 32" bench/remote-bench.sh
#   NO_POSTGRESQL=1 bench/remote-bench.sh         # the SQLite configuration only
# The script builds nothing. It stops everything it started on exit.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
bin=${BIN:-$root/build/release/stage/bin}
fake_bin=${FAKE_BIN:-$bin/fake-oura-api}
seconds=${SECONDS_EACH:-5}
clients_list=${CLIENTS:-1 8 32}
load=$bin/http-load-bench
for program in "$bin/oura-mcp" "$fake_bin" "$load"; do
    [[ -x "$program" ]] || { echo "remote-bench: $program is missing (see the build commands at the top)" >&2; exit 2; }
done

work=$(mktemp -d)
pgdir=
pgbin=
as_pg_user=()
pids=()
cleanup() {
    set +e
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null; done
    if [[ -n "$pgdir" ]]; then
        (cd "$pgdir" && "${as_pg_user[@]}" "$pgbin/pg_ctl" -D "$pgdir/data" -m immediate -w stop >/dev/null 2>&1)
        rm -rf "$pgdir"
    fi
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# Waits until URL answers 200 (the protected-resource metadata: served without a token).
wait_ready() {
    local url=$1 what=$2 log=$3
    for _ in $(seq 200); do
        if python3 - "$url" <<'PY' 2>/dev/null; then return 0; fi
import sys, urllib.request
sys.exit(0 if urllib.request.urlopen(sys.argv[1], timeout=2).status == 200 else 1)
PY
        sleep 0.1
    done
    echo "remote-bench: $what did not start; the tail of its log:" >&2
    tail -20 "$log" >&2
    exit 1
}

# CPU seconds (user + system) a process has used so far: shows how the work spread over the replicas.
cpu_seconds() {
    awk -v tick="$(getconf CLK_TCK)" '{sub(/^.*\) /, ""); printf "%.1f", ($12 + $13) / tick}' "/proc/$1/stat"
}

stop_started_servers() {
    local line="  cpu seconds:"
    for pid in "${servers[@]}"; do line+=" $(tr -d '\0' <"/proc/$pid/comm" 2>/dev/null) $(cpu_seconds "$pid" 2>/dev/null);"; done
    echo "$line"
    for pid in "${servers[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${servers[@]}"; do wait "$pid" 2>/dev/null || true; done
    servers=()
}
servers=()

# --- the fake Oura API: one person, data up to the fixed "today" the servers see ----------------------------
fake_log=$work/fake.log
"$fake_bin" --ignore-stdin --today 2026-11-20 --user bench:1001 --default-user bench \
    --client-id bench-client-id --client-secret bench-client-secret >"$fake_log" 2>&1 &
pids+=("$!")
fake_url=
for _ in $(seq 100); do
    fake_url=$(python3 -c 'import json,sys
for line in open(sys.argv[1]):
    if line.startswith("{"): print(json.loads(line)["base_url"]); break' "$fake_log" 2>/dev/null || true)
    [[ -n "$fake_url" ]] && break
    sleep 0.1
done
[[ -n "$fake_url" ]] || { echo "remote-bench: fake-oura-api did not start" >&2; cat "$fake_log" >&2; exit 1; }

state=$work/state
mkdir -p "$state"
export HOME=$work
export OURA_MCP_NOW=2026-11-20T12:00:00Z OURA_MCP_TIME_ZONE=Europe/Berlin
export OURA_CLIENT_ID=bench-client-id OURA_CLIENT_SECRET=bench-client-secret
export OURA_API_BASE_URL=$fake_url OURA_AUTHORIZE_URL=$fake_url/oauth/authorize
export OURA_TOKEN_URL=$fake_url/oauth/token OURA_REVOKE_URL=$fake_url/oauth/revoke
export OURA_MCP_STATE_DIR=$state
# With --public-url the server limits requests (120 a minute per person, 600 per address by default): off
# here, or the benchmark would measure the limiter's 429s.
export OURA_MCP_HTTP_RATE_PER_USER=0 OURA_MCP_HTTP_RATE_PER_ADDRESS=0

# Starts one replica on 127.0.0.1:PORT with the public URL and store given; adds its pid to servers.
start_replica() {
    local port=$1 public=$2 log=$3
    shift 3
    "$bin/oura-mcp" serve --http "127.0.0.1:$port" --public-url "$public" --log-level warning "$@" 2>"$log" &
    servers+=("$!")
    pids+=("$!")
    wait_ready "http://127.0.0.1:$port/.well-known/oauth-protected-resource/mcp" "oura-mcp on port $port" "$log"
}

# Starts nginx on FRONT in front of the given replica ports (round robin, keep-alive to the replicas).
start_nginx() {
    local front=$1 dir
    shift
    dir=$work/nginx-$front
    mkdir -p "$dir"
    {
        echo "daemon off; master_process off; worker_processes 1; pid $dir/nginx.pid; error_log $dir/error.log;"
        echo "events { worker_connections 1024; }"
        echo "http {"
        echo " access_log off;"
        # A load client keeps its connection for the whole run (nginx closes after 1,000 requests by default).
        echo " keepalive_requests 10000000; keepalive_timeout 300s;"
        echo " client_body_temp_path $dir/body; proxy_temp_path $dir/proxy; fastcgi_temp_path $dir/fcgi;"
        echo " uwsgi_temp_path $dir/uwsgi; scgi_temp_path $dir/scgi;"
        echo " upstream replicas {"
        for port in "$@"; do echo "  server 127.0.0.1:$port;"; done
        echo "  keepalive 64; keepalive_requests 10000000;"
        echo " }"
        echo " server {"
        echo "  listen 127.0.0.1:$front;"
        echo "  location / {"
        echo "   proxy_pass http://replicas; proxy_http_version 1.1; proxy_set_header Connection \"\";"
        echo "   proxy_set_header Host \$http_host; proxy_buffering off;"
        echo "  }"
        echo " }"
        echo "}"
    } >"$dir/nginx.conf"
    /usr/sbin/nginx -e "$dir/error.log" -p "$dir" -c "$dir/nginx.conf" 2>>"$dir/error.log" &
    servers+=("$!")
    pids+=("$!")
    wait_ready "http://127.0.0.1:$front/.well-known/oauth-protected-resource/mcp" "nginx on port $front" "$dir/error.log"
}

results=$work/results.tsv
: >"$results"
cached='{"name":"get_daily_sleep","arguments":{"start_date":"2026-11-01","end_date":"2026-11-07"}}'

# Signs in through PUBLIC and loads PUBLIC/mcp; one results row per method and client count.
measure() {
    local name=$1 public=$2 header=$work/header
    python3 "$root/bench/remote-signin.py" --public-url "$public" --fake-user bench --out "$header"
    # Fills the replicas' caches (round robin: every replica sees a few calls) and checks the token works.
    "$load" --url "$public/mcp" --header-file "$header" --clients 4 --seconds 0.5 \
        --method tools/call --params "$cached" >/dev/null
    for method in tools/list tools/call; do
        for clients in $clients_list; do
            local line
            if [[ $method == tools/call ]]; then
                line=$("$load" --url "$public/mcp" --header-file "$header" --clients "$clients" --seconds "$seconds" \
                    --method tools/call --params "$cached" || true)
            else
                line=$("$load" --url "$public/mcp" --header-file "$header" --clients "$clients" --seconds "$seconds" || true)
            fi
            printf '%s\t%s\n' "$name" "$line" >>"$results"
            echo "  $name  $method  clients=$clients  $line"
        done
    done
    rm -f "$header"
}

echo "# remote-bench $(date -u +%Y-%m-%dT%H:%MZ), commit $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?'), $(nproc) cores"
echo "# load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# OURA_MCP_HTTP_RATE_PER_USER=0 and OURA_MCP_HTTP_RATE_PER_ADDRESS=0: the rate limiter is off for the benchmark"
echo "# ${seconds} s per measurement; clients: $clients_list; log level warning"

# --- 1. one replica, SQLite ---------------------------------------------------------------------------------
port=$(free_port)
start_replica "$port" "http://127.0.0.1:$port" "$work/sqlite.log"
measure "sqlite, 1 replica" "http://127.0.0.1:$port"
stop_started_servers

if [[ -z "${NO_POSTGRESQL:-}" ]]; then
    # --- a throwaway PostgreSQL cluster (as tests/unit/support/PostgresCluster.cpp): unix socket only, fsync off
    initdb=$(ls /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -1)
    [[ -n "$initdb" ]] || { echo "remote-bench: no /usr/lib/postgresql/*/bin/initdb (NO_POSTGRESQL=1 skips it)" >&2; exit 2; }
    pgbin=$(dirname "$initdb")
    pgdir=$(mktemp -d "${TMPDIR:-/tmp}/oura-mcp-bench-pg-XXXXXX")
    if [[ $(id -u) == 0 ]]; then
        chown nobody: "$pgdir"
        as_pg_user=(setpriv --reuid="$(id -u nobody)" --regid="$(id -g nobody)" --clear-groups --)
    fi
    pgport=54331 # names the socket file only
    (cd "$pgdir" && "${as_pg_user[@]}" "$pgbin/initdb" -D "$pgdir/data" -U oura --auth=trust -E UTF8 --no-locale -N \
        >"$pgdir/initdb.log" 2>&1) || { cat "$pgdir/initdb.log" >&2; exit 1; }
    (cd "$pgdir" && "${as_pg_user[@]}" "$pgbin/pg_ctl" -D "$pgdir/data" -l "$pgdir/server.log" -w -t 60 \
        -o "-k '$pgdir' -c listen_addresses='' -p $pgport -F" start >"$pgdir/pg_ctl.log" 2>&1) ||
        { tail -20 "$pgdir/server.log" >&2; exit 1; }
    (cd "$pgdir" && "${as_pg_user[@]}" "$pgbin/createdb" -h "$pgdir" -p "$pgport" -U oura oura_bench)
    store="postgresql://oura@/oura_bench?host=$pgdir&port=$pgport"
    echo "# PostgreSQL $("$pgbin/postgres" --version | awk '{print $3}') (fsync off, unix socket), nginx $(/usr/sbin/nginx -v 2>&1 | sed 's|.*/||')"

    # --- 2. one replica, PostgreSQL, directly -----------------------------------------------------------------
    port=$(free_port)
    start_replica "$port" "http://127.0.0.1:$port" "$work/pg1.log" --store "$store"
    measure "postgresql, 1 replica" "http://127.0.0.1:$port"
    stop_started_servers

    # --- 3. one replica, PostgreSQL, behind nginx -------------------------------------------------------------
    front=$(free_port)
    port=$(free_port)
    start_replica "$port" "http://127.0.0.1:$front" "$work/pg1n.log" --store "$store"
    start_nginx "$front" "$port"
    measure "postgresql, 1 behind nginx" "http://127.0.0.1:$front"
    stop_started_servers

    # --- 4. two replicas, PostgreSQL, behind nginx ------------------------------------------------------------
    front=$(free_port)
    first=$(free_port)
    second=$(free_port)
    start_replica "$first" "http://127.0.0.1:$front" "$work/pg2a.log" --store "$store"
    start_replica "$second" "http://127.0.0.1:$front" "$work/pg2b.log" --store "$store"
    start_nginx "$front" "$first" "$second"
    measure "postgresql, 2 behind nginx" "http://127.0.0.1:$front"
    stop_started_servers
fi

echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$results" <<'PY'
import json, sys
rows = {}
order = []
for line in open(sys.argv[1]):
    name, _, text = line.rstrip("\n").partition("\t")
    try:
        r = json.loads(text)
    except ValueError:
        continue
    if name not in rows:
        rows[name] = {}
        order.append(name)
    rows[name][(r["method"], r["clients"])] = r
keys = sorted({k for v in rows.values() for k in v}, key=lambda k: (k[0] != "tools/list", k[1]))
print()
print("| configuration | " + " | ".join(f"{m} ×{c}" for m, c in keys) + " |")
print("|---|" + "---:|" * len(keys))
for name in order:
    cells = []
    for k in keys:
        r = rows[name].get(k)
        if r is None:
            cells.append("–")
        else:
            cell = f"{r['rps']:,.0f}/s, p50 {r['p50_ms']:.2f} ms"
            if r["errors"]:
                cell += f", {r['errors']} errors"
            cells.append(cell)
    print(f"| {name} | " + " | ".join(cells) + " |")
PY
