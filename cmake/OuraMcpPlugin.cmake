# oura_mcp_add_plugin(<id> SOURCES ...): a bundled plugin, built as <id>.so into the stage plugins folder and
# installed into <prefix>/lib/oura-mcp/plugins. Only omcp_plugin_describe is exported.
function(oura_mcp_add_plugin id)
    cmake_parse_arguments(ARG "" "" "SOURCES;LIBRARIES" ${ARGN})
    set(target "oura_mcp_plugin_${id}")
    add_library(${target} MODULE ${ARG_SOURCES})
    target_link_libraries(${target} PRIVATE OuraMcp::sdk oura_mcp_warnings ${ARG_LIBRARIES})
    set_target_properties(${target} PROPERTIES
        PREFIX "" OUTPUT_NAME "${id}"
        LIBRARY_OUTPUT_DIRECTORY "${OURA_MCP_PLUGIN_OUTPUT_DIR}"
        C_VISIBILITY_PRESET hidden CXX_VISIBILITY_PRESET hidden VISIBILITY_INLINES_HIDDEN ON)
    target_link_options(${target} PRIVATE -Wl,--no-undefined)
    install(TARGETS ${target} LIBRARY DESTINATION "${OURA_MCP_PLUGIN_INSTALL_DIR}" COMPONENT plugins)
endfunction()
