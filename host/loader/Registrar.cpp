#include "loader/Registrar.h"

#include "loader/PluginHandles.h"
#include "loader/StructSize.h"
#include "util/SchemaValidator.h"
#include "util/Utf8.h"

#include <algorithm>
#include <cstdio>
#include <cstring>

namespace OuraMcp::Loader {

namespace {

constexpr std::size_t kMaxPromptArguments = 64;
constexpr std::size_t kMaxCompletions = 10000;

/// Thrown inside this file only, to leave a validation early with its reason; never crosses the ABI.
struct Refusal
{
    std::string reason;
};

[[noreturn]] void refuse(std::string reason)
{
    throw Refusal{std::move(reason)};
}

omcp_status fail(omcp_host& host, const std::string& what, const std::string& reason)
{
    // Not logged here: the loader logs these after init, as warnings if the plugin loads anyway, or folded
    // into the one refusal line if its init fails.
    host.lastRegistrationError = what + ": " + reason;
    host.registrationErrors.push_back(host.lastRegistrationError);
    return OMCP_E_INVALID_ARGUMENT;
}

/// Runs one registration: a Refusal or any exception becomes a refused registration named by `what`
/// (which the body refines once it has read the name). Nothing escapes: registration crosses the ABI.
template <typename Body>
omcp_status guarded(omcp_host& host, const std::string& what, Body&& body) noexcept
{
    try
    {
        return body();
    }
    catch (const Refusal& r)
    {
        return fail(host, what, r.reason);
    }
    catch (const std::exception& e)
    {
        return fail(host, what, std::string("internal error: ") + e.what());
    }
    catch (...)
    {
        return fail(host, what, "internal error");
    }
}

/// Zero-filled local copy of a size-tagged descriptor under the growth rule of plugin_abi.h section 2
/// (see StructSize), or a refusal naming the struct.
template <typename T>
T copySized(const T* in, std::size_t v1Size, const char* typeName)
{
    T out;
    if (const std::string problem = StructSize::copy(in, v1Size, out); !problem.empty())
        refuse(std::string(typeName) + "." + problem);
    return out;
}

std::optional<std::string> optionalText(const char* text, const char* field)
{
    if (text == nullptr)
        return std::nullopt;
    std::string s(text);
    if (!Util::Utf8::valid(s))
        refuse(std::string(field) + " is not valid UTF-8");
    return s;
}

std::string requiredText(const char* text, const char* field)
{
    auto s = optionalText(text, field);
    if (!s || s->empty())
        refuse(std::string(field) + " is missing");
    return *s;
}

void checkFlags(uint32_t flags, uint32_t known, const char* field = "flags")
{
    if ((flags & ~known) != 0)
        refuse(std::string(field) + ": unknown flag bits " + StructSize::hex(flags & ~known) +
               " (this host knows " + StructSize::hex(known) + ")");
}

Json parseSchema(const char* text, const char* field)
{
    Json schema;
    try
    {
        schema = Json::parse(text);
    }
    catch (const Json::parse_error& e)
    {
        refuse(std::string(field) + " is not valid JSON: " + e.what());
    }
    if (!schema.is_object())
        refuse(std::string(field) + " must be a JSON object (a JSON Schema)");
    auto type = schema.find("type");
    if (type == schema.end() || *type != "object")
        refuse(std::string(field) + " must be an object schema: its \"type\" must be \"object\"");
    if (auto problem = Util::SchemaValidator::checkSchema(schema))
        refuse(std::string(field) + ": " + *problem);
    return schema;
}

std::string inQuotes(const std::string& s)
{
    return "'" + s + "'";
}

void checkNotTaken(const std::map<std::string, std::string>* taken, const std::string& key, const char* kind,
                   bool ownDuplicate)
{
    if (taken != nullptr)
    {
        if (auto it = taken->find(key); it != taken->end())
            refuse(std::string("the ") + kind + " is already registered by plugin " + it->second);
    }
    if (ownDuplicate)
        refuse(std::string("the ") + kind + " is registered twice by this plugin");
}

std::string joined(const std::vector<std::string>& items)
{
    std::string out;
    for (const auto& item : items)
        out += (out.empty() ? "" : ", ") + item;
    return out.empty() ? "none" : out;
}

} // namespace

bool Registrar::isValidName(const std::string& name) noexcept
{
    if (name.empty() || name.size() > 128)
        return false;
    return std::all_of(name.begin(), name.end(), [](unsigned char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
               c == '.' || c == '-';
    });
}

omcp_status Registrar::addTool(omcp_host& host, const omcp_tool_desc* desc) noexcept
{
    std::string what = "a tool";
    return guarded(host, what, [&]() -> omcp_status {
        if (desc == nullptr)
            refuse("the descriptor pointer is NULL");
        const auto d = copySized(desc, OMCP_TOOL_DESC_V1_0_SIZE, "omcp_tool_desc");
        ToolEntry entry;
        entry.plugin = &host;
        entry.name = requiredText(d.name, "name");
        what = "tool " + inQuotes(entry.name);
        if (!isValidName(entry.name))
            refuse("the name must be 1 to 128 characters of A-Z a-z 0-9 _ . -");
        checkFlags(d.flags, OMCP_TOOL_KNOWN_FLAGS);
        const bool own = std::any_of(host.tools.begin(), host.tools.end(),
                                     [&](const ToolEntry& t) { return t.name == entry.name; });
        checkNotTaken(host.taken ? &host.taken->tools : nullptr, entry.name, "tool name", own);
        entry.flags = d.flags;
        entry.title = optionalText(d.title, "title");
        entry.description = optionalText(d.description, "description");
        entry.inputSchema = d.input_schema_json ? parseSchema(d.input_schema_json, "input_schema_json")
                                                : Json{{"type", "object"}, {"additionalProperties", false}};
        if (d.output_schema_json != nullptr)
            entry.outputSchema = parseSchema(d.output_schema_json, "output_schema_json");
        if (auto scope = optionalText(d.required_scope, "required_scope"); scope && !scope->empty())
        {
            if (std::find(host.scopes.begin(), host.scopes.end(), *scope) == host.scopes.end())
                refuse("required_scope " + inQuotes(*scope) + " is not one of the scopes plugin " + host.id +
                       " declares (" + joined(host.scopes) + ")");
            entry.requiredScope = *scope;
        }
        if (d.handler == nullptr)
            refuse("handler is NULL");
        entry.handler = d.handler;
        entry.userData = d.user_data;
        host.tools.push_back(std::move(entry));
        return OMCP_OK;
    });
}

omcp_status Registrar::addResource(omcp_host& host, const omcp_resource_desc* desc, bool isTemplate) noexcept
{
    const char* kindName = isTemplate ? "resource template" : "resource";
    std::string what = std::string("a ") + kindName;
    return guarded(host, what, [&]() -> omcp_status {
        if (desc == nullptr)
            refuse("the descriptor pointer is NULL");
        const auto d = copySized(desc, OMCP_RESOURCE_DESC_V1_0_SIZE, "omcp_resource_desc");
        ResourceEntry entry;
        entry.plugin = &host;
        entry.uri = requiredText(d.uri, "uri");
        what = std::string(kindName) + " " + inQuotes(entry.uri);
        checkFlags(d.flags, OMCP_RESOURCE_KNOWN_FLAGS);
        entry.section = (d.flags & OMCP_RESOURCE_SECTION) != 0;
        std::string error;
        if (isTemplate)
        {
            entry.uriTemplate = Util::UriTemplate::parse(entry.uri, error);
            if (!entry.uriTemplate)
                refuse(error);
        }
        else if (!Util::UriTemplate::isValidUri(entry.uri, error))
            refuse(error);
        auto& own = isTemplate ? host.templates : host.resources;
        const bool dup =
            std::any_of(own.begin(), own.end(), [&](const ResourceEntry& r) { return r.uri == entry.uri; });
        const char* kind = isTemplate ? "resource template" : "resource URI";
        if (host.taken != nullptr)
        {
            // Sections of a composite resource share their URI across plugins; anything else is one owner's.
            const auto& plain = isTemplate ? host.taken->templates : host.taken->resources;
            const auto& sections = isTemplate ? host.taken->sectionTemplates : host.taken->sectionResources;
            checkNotTaken(&plain, entry.uri, kind, false);
            if (!entry.section)
            {
                if (auto it = sections.find(entry.uri); it != sections.end())
                    refuse(std::string("the ") + kind +
                           " is a composite resource with sections (first by plugin " + it->second +
                           "); register it with OMCP_RESOURCE_SECTION to add a section");
            }
        }
        checkNotTaken(nullptr, entry.uri, kind, dup);
        entry.name = requiredText(d.name, "name");
        entry.title = optionalText(d.title, "title");
        entry.description = optionalText(d.description, "description");
        entry.mimeType = optionalText(d.mime_type, "mime_type").value_or("text/plain");
        if (entry.mimeType.find('/') == std::string::npos ||
            std::any_of(entry.mimeType.begin(), entry.mimeType.end(),
                        [](unsigned char c) { return c <= 0x20 || c >= 0x7F; }))
            refuse("mime_type \"" + entry.mimeType + "\" is not a MIME type such as \"application/json\"");
        if (d.handler == nullptr)
            refuse("handler is NULL");
        entry.handler = d.handler;
        entry.userData = d.user_data;
        own.push_back(std::move(entry));
        return OMCP_OK;
    });
}

omcp_status Registrar::addPrompt(omcp_host& host, const omcp_prompt_desc* desc) noexcept
{
    std::string what = "a prompt";
    return guarded(host, what, [&]() -> omcp_status {
        if (desc == nullptr)
            refuse("the descriptor pointer is NULL");
        const auto d = copySized(desc, OMCP_PROMPT_DESC_V1_0_SIZE, "omcp_prompt_desc");
        PromptEntry entry;
        entry.plugin = &host;
        entry.name = requiredText(d.name, "name");
        what = "prompt " + inQuotes(entry.name);
        if (!isValidName(entry.name))
            refuse("the name must be 1 to 128 characters of A-Z a-z 0-9 _ . -");
        checkFlags(d.flags, OMCP_PROMPT_KNOWN_FLAGS);
        const bool own = std::any_of(host.prompts.begin(), host.prompts.end(),
                                     [&](const PromptEntry& p) { return p.name == entry.name; });
        checkNotTaken(host.taken ? &host.taken->prompts : nullptr, entry.name, "prompt name", own);
        entry.title = optionalText(d.title, "title");
        entry.description = optionalText(d.description, "description");
        if (d.argument_count > 0 && d.arguments == nullptr)
            refuse("argument_count is " + std::to_string(d.argument_count) + " but arguments is NULL");
        if (d.argument_count > kMaxPromptArguments)
            refuse("argument_count is " + std::to_string(d.argument_count) + "; at most " +
                   std::to_string(kMaxPromptArguments) + " arguments are allowed");
        for (std::size_t i = 0; i < d.argument_count; ++i)
        {
            const omcp_prompt_argument& a = d.arguments[i];
            PromptArgumentEntry arg;
            arg.name = requiredText(a.name, "argument name");
            if (!isValidName(arg.name))
                refuse("argument " + inQuotes(arg.name) +
                       ": names are 1 to 128 characters of A-Z a-z 0-9 _ . -");
            for (const auto& other : entry.arguments)
            {
                if (other.name == arg.name)
                    refuse("argument " + inQuotes(arg.name) + " is listed twice");
            }
            arg.description = optionalText(a.description, "argument description");
            checkFlags(a.flags, OMCP_PROMPT_ARGUMENT_KNOWN_FLAGS,
                       ("argument " + inQuotes(arg.name) + " flags").c_str());
            if (a.reserved != 0)
                refuse("argument " + inQuotes(arg.name) + ": reserved must be zero");
            arg.required = (a.flags & OMCP_PROMPT_ARGUMENT_REQUIRED) != 0;
            if (a.completions != nullptr)
            {
                for (std::size_t k = 0; a.completions[k] != nullptr; ++k)
                {
                    if (k >= kMaxCompletions)
                        refuse("argument " + inQuotes(arg.name) + " has more than " +
                               std::to_string(kMaxCompletions) +
                               " completions (is the list NULL-terminated?)");
                    arg.completions.push_back(*optionalText(a.completions[k], "completion"));
                }
            }
            entry.arguments.push_back(std::move(arg));
        }
        if (d.handler == nullptr)
            refuse("handler is NULL");
        entry.handler = d.handler;
        entry.userData = d.user_data;
        host.prompts.push_back(std::move(entry));
        return OMCP_OK;
    });
}

} // namespace OuraMcp::Loader
