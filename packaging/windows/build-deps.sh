#!/usr/bin/env bash
# Builds the Windows dependencies of oura-mcp from Debian's own source packages, cross-compiled with mingw-w64
# as static libraries into PREFIX:
#   OpenSSL 3.0 (bookworm's upstream tarball)  -> libssl.a, libcrypto.a
#   Poco 1.11 (bookworm's source with Debian's patches, plus the two in this folder) -> Foundation, XML, JSON,
#       Util, Net, Crypto, NetSSL_OpenSSL, Data, Data/SQLite (its bundled SQLite); no PostgreSQL connector.
# About ten minutes on two cores. The configure step of the `windows` preset runs this once per cache key
# (cmake/WindowsDependencies.cmake) and reuses PREFIX afterwards.
# Usage: build-deps.sh PREFIX        (needs the packages of install-deps.sh --windows and a deb-src entry)
set -euo pipefail
prefix="${1:?usage: build-deps.sh PREFIX}"
here="$(cd "$(dirname "$0")" && pwd)"
source_dir="$(cd "$here/../.." && pwd)"
toolchain="$source_dir/cmake/toolchains/x86_64-w64-mingw32.cmake"
jobs="${OURA_MCP_JOBS:-2}"

work="$prefix.work"
rm -rf "$work" "$prefix"
mkdir -p "$work"
cd "$work"

echo "[windows deps] fetching Debian's source packages of poco and openssl" >&2
apt-get source --download-only poco openssl >/dev/null 2>&1 || {
    echo "[windows deps] apt-get source failed: is there a deb-src entry? (packaging/install-deps.sh --windows adds one)" >&2
    exit 1
}

echo "[windows deps] OpenSSL (static, mingw64)" >&2
tar xzf openssl_*.orig.tar.gz
cd openssl-*/
./Configure mingw64 --cross-compile-prefix=x86_64-w64-mingw32- --prefix="$prefix" --libdir=lib \
    no-shared no-tests no-module no-legacy >configure.log 2>&1 || { tail -30 configure.log >&2; exit 1; }
make -j"$jobs" build_libs >build.log 2>&1 || { tail -40 build.log >&2; exit 1; }
make install_dev >install.log 2>&1 || { tail -20 install.log >&2; exit 1; }
cd "$work"

echo "[windows deps] Poco (static, mingw64)" >&2
dpkg-source -x poco_*.dsc poco >/dev/null
cd poco
for p in "$here"/poco-*.patch; do
    patch -p1 --quiet < "$p"
done
cmake -S . -B build -G Ninja \
    -DCMAKE_TOOLCHAIN_FILE="$toolchain" -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX="$prefix" \
    -DOURA_MCP_WINDOWS_DEPS_PREFIX="$prefix" \
    -DBUILD_SHARED_LIBS=OFF -DENABLE_TESTS=OFF -DPOCO_UNBUNDLED=OFF \
    -DOPENSSL_ROOT_DIR="$prefix" -DOPENSSL_USE_STATIC_LIBS=ON -DFORCE_OPENSSL=ON \
    -DENABLE_FOUNDATION=ON -DENABLE_XML=ON -DENABLE_JSON=ON -DENABLE_UTIL=ON -DENABLE_NET=ON -DENABLE_CRYPTO=ON \
    -DENABLE_NETSSL=ON -DENABLE_NETSSL_WIN=OFF -DENABLE_DATA=ON -DENABLE_DATA_SQLITE=ON \
    -DENABLE_DATA_POSTGRESQL=OFF -DENABLE_DATA_MYSQL=OFF -DENABLE_DATA_ODBC=OFF -DENABLE_ENCODINGS=OFF \
    -DENABLE_MONGODB=OFF -DENABLE_REDIS=OFF -DENABLE_ZIP=OFF -DENABLE_PAGECOMPILER=OFF \
    -DENABLE_PAGECOMPILER_FILE2PAGE=OFF -DENABLE_ACTIVERECORD=OFF -DENABLE_ACTIVERECORD_COMPILER=OFF \
    -DENABLE_JWT=OFF -DENABLE_APACHECONNECTOR=OFF -DENABLE_PROMETHEUS=OFF >configure.log 2>&1 \
    || { tail -30 configure.log >&2; exit 1; }
cmake --build build -j "$jobs" >build.log 2>&1 || { grep -m5 -B2 -A5 "error" build.log >&2; exit 1; }
cmake --install build >install.log 2>&1 || { tail -20 install.log >&2; exit 1; }

cd /
rm -rf "$work"
touch "$prefix/.complete"
echo "[windows deps] done: $prefix" >&2
