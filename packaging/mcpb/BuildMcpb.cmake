# cmake -P script behind the `mcpb` target: stages an MCP Bundle folder and packs it, one bundle per platform.
# Inputs (-D): BINARY, PLUGINS (|-separated plugin files), SOURCE_DIR (this folder), WORK_DIR, OUTPUT, VERSION,
# AUTHOR, HOMEPAGE (may be empty), STRIP (may be empty), MCPB (the mcpb CLI installed by tests/packaging's npm ci;
# if missing, mcpb from PATH, else cmake's zip writer, which keeps the mode bits too), PLATFORM (linux, the
# default, or win32). For win32 also: ZONEINFO (the staged time zone database), OBJDUMP (the toolchain's objdump,
# to read the DLL imports), RUNNER (how this machine runs a Windows program, e.g. packaging/windows/wine-run;
# empty on Windows itself) and RUNTIME_DIRS (|-separated folders with non-system DLLs to bundle; empty for the
# static build).
#
# Linux layout: manifest.json, server/launch.sh, server/bin/oura-mcp, server/lib/oura-mcp/plugins/*.so (where
# the binary looks, relative to itself) and server/lib/*.so.* (the shared libraries that are not part of every
# Linux system, found with LD_LIBRARY_PATH set by launch.sh).
# Windows layout: manifest.json, server/bin/oura-mcp.exe (the entry point: no launcher, the executable itself
# reads --demo-mode and ignores blank settings), server/lib/oura-mcp/plugins/*.dll, server/share/zoneinfo (the
# executable looks in <its folder>/../share/zoneinfo) and, only for a non-static build, the DLLs it needs in
# server/bin beside it (where Windows looks first).
#
# mcpb's manifest 0.3 could describe both platforms in one bundle (server.mcp_config.platform_overrides), but
# one build tree holds one platform's binaries; each tree packs its own bundle, named after its platform.
cmake_minimum_required(VERSION 3.25)
foreach(var BINARY PLUGINS SOURCE_DIR WORK_DIR OUTPUT VERSION AUTHOR)
    if(NOT DEFINED ${var} OR "${${var}}" STREQUAL "")
        message(FATAL_ERROR "BuildMcpb.cmake: -D${var}=... is required")
    endif()
endforeach()
if(NOT DEFINED PLATFORM OR PLATFORM STREQUAL "")
    set(PLATFORM linux)
endif()
if(NOT PLATFORM MATCHES "^(linux|win32)$")
    message(FATAL_ERROR "BuildMcpb.cmake: -DPLATFORM=${PLATFORM}: only linux and win32 are packed")
endif()
if(PLATFORM STREQUAL "win32")
    foreach(var ZONEINFO OBJDUMP)
        if(NOT DEFINED ${var} OR "${${var}}" STREQUAL "")
            message(FATAL_ERROR "BuildMcpb.cmake: -D${var}=... is required for -DPLATFORM=win32")
        endif()
    endforeach()
    if(NOT EXISTS "${ZONEINFO}/Europe/Berlin")
        message(FATAL_ERROR "BuildMcpb.cmake: ${ZONEINFO} holds no time zone database")
    endif()
    if(NOT CMAKE_HOST_WIN32 AND (NOT DEFINED RUNNER OR RUNNER STREQUAL ""))
        message(FATAL_ERROR "BuildMcpb.cmake: -DRUNNER=... is required to run the Windows server on this machine "
                            "(the cross build's CMAKE_CROSSCOMPILING_EMULATOR, packaging/windows/wine-run)")
    endif()
endif()

string(REPLACE "|" ";" PLUGINS "${PLUGINS}")
string(REPLACE "|" ";" RUNTIME_DIRS "${RUNTIME_DIRS}")
string(REPLACE "|" ";" RUNNER "${RUNNER}") # a command with arguments, like CMAKE_CROSSCOMPILING_EMULATOR
set(server "${WORK_DIR}/server")
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${server}/bin" "${server}/lib/oura-mcp/plugins")

set(exe_perms OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
set(file_perms OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)
file(COPY "${BINARY}" DESTINATION "${server}/bin" FILE_PERMISSIONS ${exe_perms})
file(COPY ${PLUGINS} DESTINATION "${server}/lib/oura-mcp/plugins" FILE_PERMISSIONS ${file_perms})
get_filename_component(binary_name "${BINARY}" NAME)

if(PLATFORM STREQUAL "linux")
    file(COPY "${SOURCE_DIR}/launch.sh" DESTINATION "${server}" FILE_PERMISSIONS ${exe_perms})

    # Bundle every shared library except the C/C++ runtime and OpenSSL, which every Linux system has in an ABI
    # the package-manager build of the same libraries also needs (bundling them breaks more than it fixes).
    file(GET_RUNTIME_DEPENDENCIES
         EXECUTABLES "${BINARY}"
         LIBRARIES ${PLUGINS}
         RESOLVED_DEPENDENCIES_VAR libs
         UNRESOLVED_DEPENDENCIES_VAR missing
         PRE_EXCLUDE_REGEXES "^(ld-linux.*|linux-vdso.*|lib(c|m|dl|rt|pthread|util|resolv|stdc\\+\\+|gcc_s|ssl|crypto)\\.so(\\..*)?)$")
    if(missing)
        message(FATAL_ERROR "BuildMcpb.cmake: unresolved shared libraries: ${missing}")
    endif()
    set(lib_dir "${server}/lib")
    set(strip_globs "${server}/bin/*" "${server}/lib/*.so*")
else()
    file(COPY "${ZONEINFO}/" DESTINATION "${server}/share/zoneinfo" FILE_PERMISSIONS ${file_perms})

    # The Windows build links statically: the executable and the plugins should import only Windows' own DLLs.
    # Any other DLL must be found in RUNTIME_DIRS and travels beside the executable; one that is neither is an
    # error here rather than "the code execution cannot proceed" on the user's machine.
    set(CMAKE_GET_RUNTIME_DEPENDENCIES_PLATFORM "windows+pe")
    set(CMAKE_GET_RUNTIME_DEPENDENCIES_TOOL "objdump")
    set(CMAKE_GET_RUNTIME_DEPENDENCIES_COMMAND "${OBJDUMP}")
    file(GET_RUNTIME_DEPENDENCIES
         EXECUTABLES "${BINARY}"
         LIBRARIES ${PLUGINS}
         DIRECTORIES ${RUNTIME_DIRS}
         RESOLVED_DEPENDENCIES_VAR libs
         UNRESOLVED_DEPENDENCIES_VAR missing
         PRE_EXCLUDE_REGEXES
             "^(api-ms-win-|ext-ms-)"
             "^(kernel32|kernelbase|ntdll|user32|gdi32|advapi32|shell32|shlwapi|ole32|oleaut32|combase|comctl32|comdlg32|ws2_32|mswsock|iphlpapi|dnsapi|winhttp|wininet|crypt32|bcrypt|bcryptprimitives|ncrypt|secur32|sspicli|wintrust|rpcrt4|userenv|netapi32|wldap32|normaliz|version|winmm|imm32|psapi|dbghelp|setupapi|cfgmgr32|powrprof|mpr|msvcrt|ucrtbase)\\.dll$")
    if(missing)
        message(FATAL_ERROR "BuildMcpb.cmake: the Windows build imports DLLs that are neither Windows' own nor in "
                            "RUNTIME_DIRS (${RUNTIME_DIRS}): ${missing}. Link them statically (the toolchain "
                            "file's -static) or name their folder.")
    endif()
    set(lib_dir "${server}/bin")
    set(strip_globs "${server}/bin/*" "${server}/lib/oura-mcp/plugins/*")
endif()
foreach(lib IN LISTS libs)
    get_filename_component(soname "${lib}" NAME)
    # configure_file follows symlinks, so the bundle holds a regular file under the soname.
    configure_file("${lib}" "${lib_dir}/${soname}" COPYONLY)
    file(CHMOD "${lib_dir}/${soname}" FILE_PERMISSIONS ${file_perms})
endforeach()

if(STRIP)
    file(GLOB_RECURSE binaries ${strip_globs})
    foreach(f IN LISTS binaries)
        execute_process(COMMAND "${STRIP}" --strip-unneeded "${f}" RESULT_VARIABLE rc)
        if(NOT rc EQUAL 0)
            message(FATAL_ERROR "BuildMcpb.cmake: ${STRIP} failed on ${f}")
        endif()
    endforeach()
endif()

# tools[] comes from the real tools/list of the staged server (an MCP conversation on stdin, demo mode, no
# inherited environment but what the runner needs), so the manifest can never drift from the binary.
set(requests "${WORK_DIR}.requests.jsonl")
file(WRITE "${requests}"
     "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\","
     "\"capabilities\":{},\"clientInfo\":{\"name\":\"oura-mcp-bundler\",\"version\":\"${VERSION}\"}}}\n"
     "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}\n"
     "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}\n")
if(PLATFORM STREQUAL "linux")
    set(server_command env -i PATH=/usr/bin:/bin /bin/sh "${server}/launch.sh")
elseif(CMAKE_HOST_WIN32)
    set(server_command "${server}/bin/${binary_name}")
else()
    # Wine needs HOME (or WINEPREFIX) to find its prefix; the OURA_* settings of this shell stay out.
    set(runner_env PATH=/usr/bin:/bin "HOME=$ENV{HOME}")
    foreach(name WINEPREFIX WINESERVER XDG_CACHE_HOME)
        if(DEFINED ENV{${name}})
            list(APPEND runner_env "${name}=$ENV{${name}}")
        endif()
    endforeach()
    set(server_command env -i ${runner_env} ${RUNNER} "${server}/bin/${binary_name}")
    # A first Wine program starts Wine's background services, which can inherit and hold its output pipe (the
    # read below would then never end): start them with a throwaway program whose output is not a pipe.
    execute_process(COMMAND env -i ${runner_env} ${RUNNER} cmd /c exit INPUT_FILE /dev/null OUTPUT_FILE /dev/null
                    ERROR_FILE /dev/null TIMEOUT 300)
endif()
execute_process(COMMAND ${server_command} --demo TIMEOUT 300
                INPUT_FILE "${requests}" OUTPUT_VARIABLE answers ERROR_VARIABLE log RESULT_VARIABLE rc)
file(REMOVE "${requests}")
set(tool_list "")
string(REPLACE "\n" ";" lines "${answers}")
foreach(line IN LISTS lines)
    string(JSON id ERROR_VARIABLE err GET "${line}" id)
    if(NOT err AND id EQUAL 2)
        string(JSON tool_list ERROR_VARIABLE err GET "${line}" result tools)
    endif()
endforeach()
if(tool_list STREQUAL "")
    message(FATAL_ERROR "BuildMcpb.cmake: the staged server did not answer tools/list (exit ${rc}):\n${log}")
endif()

# Each tools[] entry is the tool object from tools/list minus everything but name and description (this keeps
# the JSON quoting of the strings in the hands of string(JSON)).
set(tools "[]")
string(JSON count LENGTH "${tool_list}")
math(EXPR last "${count} - 1")
foreach(i RANGE ${last})
    string(JSON tool GET "${tool_list}" ${i})
    string(JSON members LENGTH "${tool}")
    math(EXPR last_member "${members} - 1")
    set(drop "")
    foreach(j RANGE ${last_member})
        string(JSON key MEMBER "${tool}" ${j})
        if(NOT key MATCHES "^(name|description)$")
            list(APPEND drop "${key}")
        endif()
    endforeach()
    foreach(key IN LISTS drop)
        string(JSON tool REMOVE "${tool}" "${key}")
    endforeach()
    string(JSON tools SET "${tools}" ${i} "${tool}")
endforeach()

set(OURA_MCP_VERSION "${VERSION}")
set(OURA_MCP_AUTHOR "${AUTHOR}")
set(OURA_MCP_TOOLS "${tools}")
# What differs between the platforms' manifests (bracket strings keep ${__dirname} and ${user_config.*} for the
# host to substitute).
if(PLATFORM STREQUAL "linux")
    set(OURA_MCP_ENTRY_POINT "server/launch.sh")
    set(OURA_MCP_COMMAND "/bin/sh")
    set(OURA_MCP_ARGS [=[["${__dirname}/server/launch.sh", "--demo-mode=${user_config.demo_mode}"]]=])
    set(OURA_MCP_BUILD "the Linux build of the server and the libraries it needs")
else()
    set(OURA_MCP_ENTRY_POINT "server/bin/${binary_name}")
    set(OURA_MCP_COMMAND "\${__dirname}/server/bin/${binary_name}")
    set(OURA_MCP_ARGS [=[["--demo-mode=${user_config.demo_mode}"]]=])
    set(OURA_MCP_BUILD "the Windows (x64) build of the server and the time zone database it needs")
endif()
set(OURA_MCP_PLATFORM "${PLATFORM}")
set(OURA_MCP_LINKS "")
if(HOMEPAGE)
    set(OURA_MCP_LINKS "\"homepage\": \"${HOMEPAGE}\",\n  \"repository\": {\"type\": \"git\", \"url\": \"${HOMEPAGE}\"},\n  ")
endif()
file(READ "${SOURCE_DIR}/manifest.json.in" manifest)
string(CONFIGURE "${manifest}" manifest @ONLY)
string(JSON type ERROR_VARIABLE err TYPE "${manifest}")
if(err)
    message(FATAL_ERROR "BuildMcpb.cmake: the generated manifest is not JSON: ${err}")
endif()
file(WRITE "${WORK_DIR}/manifest.json" "${manifest}")

file(REMOVE "${OUTPUT}")
if(MCPB AND EXISTS "${MCPB}")
    set(mcpb_cli "${MCPB}")
else()
    find_program(mcpb_cli mcpb)
endif()
if(mcpb_cli)
    execute_process(COMMAND "${mcpb_cli}" pack "${WORK_DIR}" "${OUTPUT}" RESULT_VARIABLE rc OUTPUT_VARIABLE out
                    ERROR_VARIABLE out)
    if(NOT rc EQUAL 0)
        message(FATAL_ERROR "BuildMcpb.cmake: mcpb pack failed:\n${out}")
    endif()
else()
    # cmake's zip writer keeps the Unix mode bits (launch.sh and the binary stay 0755).
    file(GLOB entries RELATIVE "${WORK_DIR}" "${WORK_DIR}/*")
    execute_process(COMMAND "${CMAKE_COMMAND}" -E tar cf "${OUTPUT}" --format=zip -- ${entries}
                    WORKING_DIRECTORY "${WORK_DIR}" RESULT_VARIABLE rc)
    if(NOT rc EQUAL 0)
        message(FATAL_ERROR "BuildMcpb.cmake: zip failed")
    endif()
endif()
file(SIZE "${OUTPUT}" size)
message(STATUS "MCP Bundle: ${OUTPUT} (${size} bytes, ${count} tools)")
