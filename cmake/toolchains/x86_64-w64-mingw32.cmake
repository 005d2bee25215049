# Cross-compiling oura-mcp for 64-bit Windows from Debian with mingw-w64 (the `windows` preset uses this file).
# The -posix compilers: std::thread, std::mutex and std::condition_variable need winpthreads; the -win32 ones
# have no <thread>. Programs are linked statically (libstdc++, libgcc, winpthread), so oura-mcp.exe and the
# plugin DLLs need only Windows' own DLLs. Tests and try_run go through Wine (packaging/windows/wine-run).
# Installs the cross compilers and Wine first if they are missing (packaging/install-deps.sh --windows).
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86_64)
set(OURA_MCP_MINGW_TRIPLET x86_64-w64-mingw32)

get_filename_component(_oura_mcp_source_dir "${CMAKE_CURRENT_LIST_DIR}/../.." ABSOLUTE)
find_program(_oura_mcp_mingw_cxx ${OURA_MCP_MINGW_TRIPLET}-g++-posix)
if(NOT _oura_mcp_mingw_cxx)
    message(STATUS "mingw-w64 not found: running packaging/install-deps.sh --windows")
    execute_process(COMMAND bash "${_oura_mcp_source_dir}/packaging/install-deps.sh" --windows
                    RESULT_VARIABLE _oura_mcp_install_result)
    if(NOT _oura_mcp_install_result EQUAL 0)
        message(FATAL_ERROR "Could not install the Windows cross toolchain: run packaging/install-deps.sh --windows "
                            "as root (or with sudo) and configure again.")
    endif()
endif()

set(CMAKE_C_COMPILER ${OURA_MCP_MINGW_TRIPLET}-gcc-posix)
set(CMAKE_CXX_COMPILER ${OURA_MCP_MINGW_TRIPLET}-g++-posix)
set(CMAKE_RC_COMPILER ${OURA_MCP_MINGW_TRIPLET}-windres)
# Poco 1.11's CMake stops without a message compiler.
set(CMAKE_MC_COMPILER ${OURA_MCP_MINGW_TRIPLET}-windmc)

# Libraries and packages come only from mingw's sysroot and from the cross-built dependency prefix
# (OURA_MCP_WINDOWS_DEPS_PREFIX: packaging/windows/build-deps.sh, found by cmake/WindowsDependencies.cmake).
set(CMAKE_FIND_ROOT_PATH /usr/${OURA_MCP_MINGW_TRIPLET} ${OURA_MCP_WINDOWS_DEPS_PREFIX})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

set(CMAKE_EXE_LINKER_FLAGS_INIT "-static -static-libgcc -static-libstdc++")
set(CMAKE_SHARED_LINKER_FLAGS_INIT "-static -static-libgcc -static-libstdc++")
set(CMAKE_MODULE_LINKER_FLAGS_INIT "-static -static-libgcc -static-libstdc++")

set(CMAKE_CROSSCOMPILING_EMULATOR "${_oura_mcp_source_dir}/packaging/windows/wine-run")
