#!/usr/bin/env bash
# Installs what building and testing oura-mcp needs on Debian 12 (bookworm). Idempotent: packages that are
# already there are left alone, so a second run costs a second or two. Needs root (or sudo).
set -euo pipefail

# libpoco-dev brings Poco::Data with its SQLite and PostgreSQL connectors (host/store); libpq-dev the PostgreSQL
# client library the connector links.
packages=(build-essential cmake ninja-build pkg-config libpoco-dev libpq-dev libssl-dev nlohmann-json3-dev
          libgtest-dev libgmock-dev tzdata ca-certificates)
with_tests=0
windows=0
for arg in "$@"; do
    case "$arg" in
        --with-tests) with_tests=1; windows=1 ;;  # tests/run-all.sh builds and tests the Windows side too
        --windows) windows=1 ;;
        *) echo "usage: install-deps.sh [--with-tests] [--windows]" >&2; exit 2 ;;
    esac
done
if [ "$with_tests" = 1 ]; then
    # python3: test scripts; clang + its runtime: the sanitizer build and the libFuzzer targets;
    # libbenchmark-dev: microbenchmarks; zip/unzip: the .mcpb bundle; dpkg-dev: .deb metadata checks;
    # nginx-light + openssl: the reverse-proxy and TLS tests of serve --http;
    # postgresql: the throwaway cluster the store's tests start (initdb/pg_ctl as an unprivileged user).
    packages+=(python3 clang libclang-rt-14-dev llvm libbenchmark-dev zip unzip dpkg-dev file nginx-light openssl
               postgresql)
    command -v node >/dev/null 2>&1 || packages+=(nodejs npm)
fi
if [ "$windows" = 1 ]; then
    # The cross build (cmake/toolchains/x86_64-w64-mingw32.cmake): mingw-w64 with posix threads, windmc from its
    # binutils; Wine to run the tests; dpkg-dev to unpack Debian's poco and openssl sources
    # (packaging/windows/build-deps.sh); tzdata and unicode-cldr-core for the zoneinfo and the Windows zone names
    # the Windows package ships.
    packages+=(g++-mingw-w64-x86-64-posix gcc-mingw-w64-x86-64-posix binutils-mingw-w64-x86-64 mingw-w64-tools
               wine64 wine dpkg-dev patch unicode-cldr-core tzdata zip)
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

# Debian's source packages of poco and openssl (the Windows dependencies are built from them) need a deb-src entry.
if [ "$windows" = 1 ] && ! grep -rqs "^Types:.*deb-src\|^deb-src" /etc/apt/sources.list /etc/apt/sources.list.d/; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "Adding a deb-src entry for bookworm (/etc/apt/sources.list.d/oura-mcp-src.sources)" >&2
    printf 'Types: deb-src\nURIs: http://deb.debian.org/debian\nSuites: bookworm bookworm-updates\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
        | $sudo tee /etc/apt/sources.list.d/oura-mcp-src.sources >/dev/null
    $sudo apt-get update -qq
fi
