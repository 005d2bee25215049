# cmake -P script behind the `mcpb` target: stages an MCP Bundle folder and packs it.
# Inputs (-D): BINARY, PLUGINS (|-separated .so files), SOURCE_DIR (this folder), WORK_DIR, OUTPUT, VERSION,
# AUTHOR, HOMEPAGE (may be empty), STRIP (may be empty), MCPB (the mcpb CLI installed by tests/packaging's npm ci;
# if missing, mcpb from PATH, else cmake's zip writer, which keeps the mode bits too).
#
# Layout: manifest.json, server/launch.sh, server/bin/oura-mcp, server/lib/oura-mcp/plugins/*.so (where the
# binary looks, relative to itself) and server/lib/*.so.* (the shared libraries that are not part of every
# Linux system, found with LD_LIBRARY_PATH set by launch.sh).
cmake_minimum_required(VERSION 3.25)
foreach(var BINARY PLUGINS SOURCE_DIR WORK_DIR OUTPUT VERSION AUTHOR)
    if(NOT DEFINED ${var} OR "${${var}}" STREQUAL "")
        message(FATAL_ERROR "BuildMcpb.cmake: -D${var}=... is required")
    endif()
endforeach()

string(REPLACE "|" ";" PLUGINS "${PLUGINS}")
set(server "${WORK_DIR}/server")
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${server}/bin" "${server}/lib/oura-mcp/plugins")

set(exe_perms OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
set(file_perms OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)
file(COPY "${BINARY}" DESTINATION "${server}/bin" FILE_PERMISSIONS ${exe_perms})
file(COPY ${PLUGINS} DESTINATION "${server}/lib/oura-mcp/plugins" FILE_PERMISSIONS ${file_perms})
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
foreach(lib IN LISTS libs)
    get_filename_component(soname "${lib}" NAME)
    # configure_file follows symlinks, so the bundle holds a regular file under the soname.
    configure_file("${lib}" "${server}/lib/${soname}" COPYONLY)
    file(CHMOD "${server}/lib/${soname}" FILE_PERMISSIONS ${file_perms})
endforeach()

if(STRIP)
    file(GLOB_RECURSE elves "${server}/bin/*" "${server}/lib/*.so*")
    foreach(f IN LISTS elves)
        execute_process(COMMAND "${STRIP}" --strip-unneeded "${f}" RESULT_VARIABLE rc)
        if(NOT rc EQUAL 0)
            message(FATAL_ERROR "BuildMcpb.cmake: ${STRIP} failed on ${f}")
        endif()
    endforeach()
endif()

# tools[] comes from the real tools/list of the staged server (an MCP conversation on stdin, demo mode, no
# inherited environment), so the manifest can never drift from the binary.
set(requests "${WORK_DIR}.requests.jsonl")
file(WRITE "${requests}"
     "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\","
     "\"capabilities\":{},\"clientInfo\":{\"name\":\"oura-mcp-bundler\",\"version\":\"${VERSION}\"}}}\n"
     "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}\n"
     "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}\n")
execute_process(COMMAND env -i PATH=/usr/bin:/bin /bin/sh "${server}/launch.sh" --demo
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
