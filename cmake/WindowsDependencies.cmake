# The Windows build's dependencies (included by the top CMakeLists.txt when cross-compiling for Windows):
# static OpenSSL and Poco from Debian's source packages, built once by packaging/windows/build-deps.sh into a
# cache folder named after a hash of that script and its patches, so a second configure (or a fresh build
# folder, or `rm -rf build`) reuses them; change the script or a patch and the next configure builds a new set.
# The cache folder: OURA_MCP_WINDOWS_DEPS_CACHE (default $XDG_CACHE_HOME/oura-mcp or ~/.cache/oura-mcp).
# nlohmann/json is header-only and comes from the build machine (Debian's nlohmann-json3-dev), through a folder
# that holds only its headers: /usr/include itself must never be on a cross compiler's path.
set(_deps_inputs "${PROJECT_SOURCE_DIR}/packaging/windows/build-deps.sh")
file(GLOB _deps_patches "${PROJECT_SOURCE_DIR}/packaging/windows/poco-*.patch")
list(SORT _deps_patches)
list(APPEND _deps_inputs ${_deps_patches})
set(_deps_hashes "")
foreach(_input IN LISTS _deps_inputs)
    file(SHA256 "${_input}" _hash)
    string(APPEND _deps_hashes "${_hash}")
endforeach()
string(SHA256 _deps_key "${_deps_hashes}")
string(SUBSTRING "${_deps_key}" 0 12 _deps_key)

if(DEFINED ENV{XDG_CACHE_HOME} AND IS_ABSOLUTE "$ENV{XDG_CACHE_HOME}")
    set(_deps_cache_default "$ENV{XDG_CACHE_HOME}/oura-mcp")
else()
    set(_deps_cache_default "$ENV{HOME}/.cache/oura-mcp")
endif()
set(OURA_MCP_WINDOWS_DEPS_CACHE "${_deps_cache_default}" CACHE PATH
    "Where the cross-built Windows dependencies are kept between builds")
set(OURA_MCP_WINDOWS_DEPS_PREFIX "${OURA_MCP_WINDOWS_DEPS_CACHE}/windows-deps-${_deps_key}" CACHE INTERNAL "")

if(NOT EXISTS "${OURA_MCP_WINDOWS_DEPS_PREFIX}/.complete")
    message(STATUS "Building the Windows dependencies (OpenSSL 3.0 and Poco 1.11 from Debian's sources, about ten "
                   "minutes on two cores) into ${OURA_MCP_WINDOWS_DEPS_PREFIX}")
    execute_process(COMMAND bash "${PROJECT_SOURCE_DIR}/packaging/windows/build-deps.sh"
                            "${OURA_MCP_WINDOWS_DEPS_PREFIX}"
                    RESULT_VARIABLE _deps_result)
    if(NOT _deps_result EQUAL 0)
        message(FATAL_ERROR "Building the Windows dependencies failed (see the lines above); "
                            "packaging/windows/build-deps.sh ${OURA_MCP_WINDOWS_DEPS_PREFIX} repeats it.")
    endif()
else()
    message(STATUS "Windows dependencies: ${OURA_MCP_WINDOWS_DEPS_PREFIX} (cached)")
endif()

list(APPEND CMAKE_FIND_ROOT_PATH "${OURA_MCP_WINDOWS_DEPS_PREFIX}")
set(OPENSSL_ROOT_DIR "${OURA_MCP_WINDOWS_DEPS_PREFIX}")
set(OPENSSL_USE_STATIC_LIBS ON)
set(Poco_DIR "${OURA_MCP_WINDOWS_DEPS_PREFIX}/cmake")

set(_json_root "${PROJECT_BINARY_DIR}/nlohmann-only")
file(MAKE_DIRECTORY "${_json_root}")
file(CREATE_LINK /usr/include/nlohmann "${_json_root}/nlohmann" SYMBOLIC)
add_library(nlohmann_json::nlohmann_json INTERFACE IMPORTED)
set_target_properties(nlohmann_json::nlohmann_json PROPERTIES INTERFACE_INCLUDE_DIRECTORIES "${_json_root}")
