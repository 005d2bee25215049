# The Windows time zone key names -> IANA names table of WindowsZones.cpp, generated from CLDR's
# windowsZones.xml (Debian package unicode-cldr-core) when the project is configured. Every <mapZone> row
# becomes {"<other>", "<territory>", "<first name of type>"}; CLDR lists the canonical zone first.
set(OURA_MCP_WINDOWS_ZONES_XML "/usr/share/unicode/cldr/common/supplemental/windowsZones.xml" CACHE FILEPATH
    "CLDR's windowsZones.xml (Debian: unicode-cldr-core): Windows time zone names to IANA names")
set(_zones_table "${CMAKE_CURRENT_BINARY_DIR}/generated/WindowsZonesTable.inc")
set(_zones_text "// Generated from ${OURA_MCP_WINDOWS_ZONES_XML} by host/platform/WindowsZones.cmake; do not edit.\n")
if(EXISTS "${OURA_MCP_WINDOWS_ZONES_XML}")
    set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${OURA_MCP_WINDOWS_ZONES_XML}")
    file(STRINGS "${OURA_MCP_WINDOWS_ZONES_XML}" _zone_lines REGEX "<mapZone ")
    set(_zone_rows 0)
    foreach(line IN LISTS _zone_lines)
        if(NOT line MATCHES "other=\"([^\"]+)\"[ \t]+territory=\"([A-Z0-9]+)\"[ \t]+type=\"([^\" ]+)")
            message(FATAL_ERROR "${OURA_MCP_WINDOWS_ZONES_XML}: cannot read the row ${line}")
        endif()
        string(APPEND _zones_text "    {\"${CMAKE_MATCH_1}\", \"${CMAKE_MATCH_2}\", \"${CMAKE_MATCH_3}\"},\n")
        math(EXPR _zone_rows "${_zone_rows} + 1")
    endforeach()
    if(_zone_rows LESS 100)
        message(FATAL_ERROR "${OURA_MCP_WINDOWS_ZONES_XML} has only ${_zone_rows} zone rows")
    endif()
elseif(WIN32)
    message(FATAL_ERROR "${OURA_MCP_WINDOWS_ZONES_XML} is missing: the Windows build maps Windows time zone names "
                        "to IANA names with it. Install it (apt-get install unicode-cldr-core, or "
                        "packaging/install-deps.sh --windows) or set OURA_MCP_WINDOWS_ZONES_XML.")
else()
    message(STATUS "No ${OURA_MCP_WINDOWS_ZONES_XML} (package unicode-cldr-core): the Windows zone table stays "
                   "empty in this build and its unit tests are skipped")
endif()
file(WRITE "${_zones_table}.tmp" "${_zones_text}")
configure_file("${_zones_table}.tmp" "${_zones_table}" COPYONLY)
target_include_directories(oura_mcp_platform PRIVATE "${CMAKE_CURRENT_BINARY_DIR}/generated")
