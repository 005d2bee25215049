#pragma once

#include <oura_mcp/plugin_abi.h>

#include <string>

namespace OuraMcp::Loader {

/// Validates and deep-copies what a plugin registers during init into its omcp_host. On refusal it
/// returns OMCP_E_INVALID_ARGUMENT and records the reason in the host (lastRegistrationError and
/// registrationErrors); the loader reports them once init has returned. The caller has checked the phase.
class Registrar
{
public:
    static omcp_status addTool(omcp_host& host, const omcp_tool_desc* desc) noexcept;
    static omcp_status addResource(omcp_host& host, const omcp_resource_desc* desc, bool isTemplate) noexcept;
    static omcp_status addPrompt(omcp_host& host, const omcp_prompt_desc* desc) noexcept;

    static bool isValidName(const std::string& name) noexcept;
    /// MCP tool name syntax: 1..128 characters of [A-Za-z0-9_.-] (also used for prompts and arguments).
};

} // namespace OuraMcp::Loader
