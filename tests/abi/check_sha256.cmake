# cmake -DFILE=<path> -DEXPECTED=<sha256> -P check_sha256.cmake: fails if the file's SHA-256 differs.
file(SHA256 "${FILE}" actual)
if(NOT actual STREQUAL EXPECTED)
    message(FATAL_ERROR "${FILE} changed (SHA-256 ${actual}, expected ${EXPECTED}). "
        "The frozen ABI 1.0 header must never change; see tests/abi/v1_0/README.md.")
endif()
