/*
 * The LP64 layout of every struct of plugin ABI 1.0: offsets and sizes. Shared by the C++ layout test (against
 * the current header) and a C99 check (against the frozen 1.0 copy), so that an accidental reorder, a
 * changed type or an insertion in the middle fails the build. Appending fields at the end (with a minor
 * bump) changes only sizes, which OMCP_ABI_SIZES_AT_LEAST checks as lower bounds.
 *
 * X(type, field, offset)
 */
#ifndef OURA_MCP_TESTS_LAYOUT_EXPECTATIONS_H
#define OURA_MCP_TESTS_LAYOUT_EXPECTATIONS_H

#define OMCP_ABI_OFFSETS(X)                                                                                  \
    X(omcp_string, data, 0)                                                                                  \
    X(omcp_string, len, 8)                                                                                   \
    X(omcp_kv, key, 0)                                                                                       \
    X(omcp_kv, value, 16)                                                                                    \
    X(omcp_date_range, struct_size, 0)                                                                       \
    X(omcp_date_range, day_count, 4)                                                                         \
    X(omcp_date_range, start, 8)                                                                             \
    X(omcp_date_range, end, 24)                                                                              \
    X(omcp_date_range, before_start, 40)                                                                     \
    X(omcp_date_range, before_end, 56)                                                                       \
    X(omcp_date_range, error, 72)                                                                            \
    X(omcp_response, struct_size, 0)                                                                         \
    X(omcp_response, http_status, 4)                                                                         \
    X(omcp_response, body, 8)                                                                                \
    X(omcp_response, error, 24)                                                                              \
    X(omcp_response, start_day, 40)                                                                          \
    X(omcp_response, end_day, 56)                                                                            \
    X(omcp_response, data_note, 72)                                                                          \
    X(omcp_collection_request, struct_size, 0)                                                               \
    X(omcp_collection_request, flags, 4)                                                                     \
    X(omcp_collection_request, collection, 8)                                                                \
    X(omcp_collection_request, start, 24)                                                                    \
    X(omcp_collection_request, end, 40)                                                                      \
    X(omcp_collection_request, extra, 56)                                                                    \
    X(omcp_collection_request, extra_count, 64)                                                              \
    X(omcp_tool_desc, struct_size, 0)                                                                        \
    X(omcp_tool_desc, flags, 4)                                                                              \
    X(omcp_tool_desc, name, 8)                                                                               \
    X(omcp_tool_desc, title, 16)                                                                             \
    X(omcp_tool_desc, description, 24)                                                                       \
    X(omcp_tool_desc, input_schema_json, 32)                                                                 \
    X(omcp_tool_desc, output_schema_json, 40)                                                                \
    X(omcp_tool_desc, required_scope, 48)                                                                    \
    X(omcp_tool_desc, handler, 56)                                                                           \
    X(omcp_tool_desc, user_data, 64)                                                                         \
    X(omcp_resource_desc, struct_size, 0)                                                                    \
    X(omcp_resource_desc, flags, 4)                                                                          \
    X(omcp_resource_desc, uri, 8)                                                                            \
    X(omcp_resource_desc, name, 16)                                                                          \
    X(omcp_resource_desc, title, 24)                                                                         \
    X(omcp_resource_desc, description, 32)                                                                   \
    X(omcp_resource_desc, mime_type, 40)                                                                     \
    X(omcp_resource_desc, handler, 48)                                                                       \
    X(omcp_resource_desc, user_data, 56)                                                                     \
    X(omcp_prompt_argument, name, 0)                                                                         \
    X(omcp_prompt_argument, description, 8)                                                                  \
    X(omcp_prompt_argument, flags, 16)                                                                       \
    X(omcp_prompt_argument, reserved, 20)                                                                    \
    X(omcp_prompt_argument, completions, 24)                                                                 \
    X(omcp_prompt_desc, struct_size, 0)                                                                      \
    X(omcp_prompt_desc, flags, 4)                                                                            \
    X(omcp_prompt_desc, name, 8)                                                                             \
    X(omcp_prompt_desc, title, 16)                                                                           \
    X(omcp_prompt_desc, description, 24)                                                                     \
    X(omcp_prompt_desc, arguments, 32)                                                                       \
    X(omcp_prompt_desc, argument_count, 40)                                                                  \
    X(omcp_prompt_desc, handler, 48)                                                                         \
    X(omcp_prompt_desc, user_data, 56)                                                                       \
    X(omcp_host_api, struct_size, 0)                                                                         \
    X(omcp_host_api, abi_major, 4)                                                                           \
    X(omcp_host_api, abi_minor, 6)                                                                           \
    X(omcp_host_api, log, 8)                                                                                 \
    X(omcp_host_api, config_get, 16)                                                                         \
    X(omcp_host_api, now_unix_ms, 24)                                                                        \
    X(omcp_host_api, register_tool, 32)                                                                      \
    X(omcp_host_api, register_resource, 40)                                                                  \
    X(omcp_host_api, register_resource_template, 48)                                                         \
    X(omcp_host_api, register_prompt, 56)                                                                    \
    X(omcp_host_api, set_error, 64)                                                                          \
    X(omcp_host_api, today, 72)                                                                              \
    X(omcp_host_api, resolve_dates, 80)                                                                      \
    X(omcp_host_api, get_collection, 88)                                                                     \
    X(omcp_host_api, result_text, 96)                                                                        \
    X(omcp_host_api, result_json, 104)                                                                       \
    X(omcp_host_api, result_error, 112)                                                                      \
    X(omcp_host_api, result_message, 120)                                                                    \
    X(omcp_host_api, report_progress, 128)                                                                   \
    X(omcp_host_api, is_cancelled, 136)                                                                      \
    X(omcp_plugin_desc, struct_size, 0)                                                                      \
    X(omcp_plugin_desc, abi_major, 4)                                                                        \
    X(omcp_plugin_desc, abi_minor, 6)                                                                        \
    X(omcp_plugin_desc, sizeof_pointer, 8)                                                                   \
    X(omcp_plugin_desc, sizeof_size_t, 10)                                                                   \
    X(omcp_plugin_desc, byte_order_mark, 12)                                                                 \
    X(omcp_plugin_desc, abi_tag, 16)                                                                         \
    X(omcp_plugin_desc, id, 24)                                                                              \
    X(omcp_plugin_desc, version, 32)                                                                         \
    X(omcp_plugin_desc, description, 40)                                                                     \
    X(omcp_plugin_desc, scopes, 48)                                                                          \
    X(omcp_plugin_desc, init, 56)                                                                            \
    X(omcp_plugin_desc, shutdown, 64)

/* Sizes in ABI 1.0. Frozen structs (no struct_size) can never grow; the others may only grow at the end.
 * X(type, size_1_0, may_grow) */
#define OMCP_ABI_SIZES(X)                                                                                    \
    X(omcp_string, 16, 0)                                                                                    \
    X(omcp_kv, 32, 0)                                                                                        \
    X(omcp_date_range, 88, 1)                                                                                \
    X(omcp_response, 88, 1)                                                                                  \
    X(omcp_collection_request, 72, 1)                                                                        \
    X(omcp_tool_desc, 72, 1)                                                                                 \
    X(omcp_resource_desc, 64, 1)                                                                             \
    X(omcp_prompt_argument, 32, 0)                                                                           \
    X(omcp_prompt_desc, 64, 1)                                                                               \
    X(omcp_host_api, 144, 1)                                                                                 \
    X(omcp_plugin_desc, 72, 1)

#endif
