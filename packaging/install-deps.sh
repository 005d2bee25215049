#!/usr/bin/env bash
# Installs what building and testing oura-mcp needs on Debian 12 (bookworm). Idempotent: packages that are
# already there are left alone, so a second run costs a second or two. Needs root (or sudo).
set -euo pipefail

# libpoco-dev brings Poco::Data with its SQLite and PostgreSQL connectors (host/store); libpq-dev the PostgreSQL
# client library the connector links.
packages=(build-essential cmake ninja-build pkg-config libpoco-dev libpq-dev libssl-dev nlohmann-json3-dev
          libgtest-dev libgmock-dev tzdata ca-certificates)
if [ "${1:-}" = "--with-tests" ]; then
    # python3: test scripts; clang + its runtime: the sanitizer build and the libFuzzer targets;
    # libbenchmark-dev: microbenchmarks; zip/unzip: the .mcpb bundle; dpkg-dev: .deb metadata checks;
    # nginx-light + openssl: the reverse-proxy and TLS tests of serve --http;
    # postgresql: the throwaway cluster the store's tests start (initdb/pg_ctl as an unprivileged user).
    packages+=(python3 clang libclang-rt-14-dev llvm libbenchmark-dev zip unzip dpkg-dev file nginx-light openssl
               postgresql)
    command -v node >/dev/null 2>&1 || packages+=(nodejs npm)
fi

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "Installing: ${missing[*]}" >&2
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi
