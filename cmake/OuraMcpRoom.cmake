# oura_mcp_room(<room> SOURCES ... [ROOMS <room> ...] [LIBRARIES ...]): the static library oura_mcp_<room> made
# of host/<room>, one library per room (docs/architecture.md, "Rooms and the lines between them").
#
# Each room has an include root of its own that holds only that room: <build>/rooms/<room>/<room> is a link to
# host/<room>, so `#include "<room>/X.h"` works for the room itself and for the rooms that link it, and for no
# one else. A room sees another room's headers only if it lists it in ROOMS (or reaches it through a room it
# lists), so crossing a line the architecture draws is a compile error ("No such file or directory"), which
# the layering probes in tests/layering prove.
function(oura_mcp_room room)
    cmake_parse_arguments(ARG "" "" "SOURCES;ROOMS;LIBRARIES" ${ARGN})
    set(target oura_mcp_${room})
    add_library(${target} STATIC ${ARG_SOURCES})
    set(root "${PROJECT_BINARY_DIR}/rooms/${room}")
    file(MAKE_DIRECTORY "${root}")
    file(CREATE_LINK "${CMAKE_CURRENT_SOURCE_DIR}" "${root}/${room}" SYMBOLIC)
    target_include_directories(${target} PUBLIC "${root}")
    foreach(dependency IN LISTS ARG_ROOMS)
        target_link_libraries(${target} PUBLIC oura_mcp_${dependency})
    endforeach()
    target_link_libraries(${target} PUBLIC ${ARG_LIBRARIES} PRIVATE oura_mcp_warnings)
    set_property(GLOBAL APPEND PROPERTY OURA_MCP_ROOMS ${room})
    set_property(GLOBAL PROPERTY OURA_MCP_ROOM_${room}_ROOMS ${ARG_ROOMS})
endfunction()
