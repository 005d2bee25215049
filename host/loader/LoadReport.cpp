#include "loader/LoadReport.h"

namespace OuraMcp::Loader {

namespace {

std::string list(const std::vector<std::string>& items)
{
    if (items.empty())
        return "(none)";
    std::string out;
    for (const auto& item : items)
        out += (out.empty() ? "" : ", ") + item;
    return out;
}

} // namespace

std::string formatReport(const LoadReport& report)
{
    std::string out;
    out += "Plugin folders searched, in order:\n";
    if (report.directories.empty())
        out += "  (none)\n";
    for (const auto& d : report.directories)
        out += "  " + d.path + (d.exists ? "" : " (does not exist)") + "\n";

    out += "\nLoaded plugins: " + std::to_string(report.loaded.size()) + "\n";
    for (const auto& p : report.loaded)
    {
        out += "  " + p.id + (p.version.empty() ? "" : " " + p.version) +
               (p.description.empty() ? "" : " - " + p.description) + "\n";
        out += "    file:      " + p.path + "\n";
        out += "    scopes:    " + list(p.scopes) + "\n";
        out += "    tools:     " + list(p.tools) + "\n";
        out += "    resources: " + list(p.resources) + "\n";
        out += "    prompts:   " + list(p.prompts) + "\n";
    }

    out += "\nRefused plugin files: " + std::to_string(report.refused.size()) + "\n";
    for (const auto& r : report.refused)
        out += "  " + r.path + "\n    " + r.reason + "\n";

    if (!report.skipped.empty())
    {
        out += "\nSkipped plugin files: " + std::to_string(report.skipped.size()) + "\n";
        for (const auto& s : report.skipped)
            out += "  " + s.path + "\n    " + s.reason + "\n";
    }
    return out;
}

} // namespace OuraMcp::Loader
