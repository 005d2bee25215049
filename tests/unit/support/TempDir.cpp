#include "TempDir.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>

namespace OuraMcp::Testing {

TempDir::TempDir()
{
    // What mkdtemp does, portably (Windows has no mkdtemp): a new folder with a random name that only its
    // owner may use, in the system's temporary folder (TMPDIR on POSIX, %TEMP% on Windows).
    const std::filesystem::path base = std::filesystem::temp_directory_path();
    std::random_device random;
    for (int attempt = 0; attempt < 100; ++attempt)
    {
        char name[32];
        std::snprintf(name, sizeof name, "oura-mcp-test-%08x", static_cast<unsigned>(random()));
        const std::filesystem::path candidate = base / name;
        std::error_code error;
        if (std::filesystem::create_directory(candidate, error))
        {
            std::filesystem::permissions(candidate, std::filesystem::perms::owner_all,
                                         std::filesystem::perm_options::replace, error);
            _path = candidate.u8string();
            return;
        }
    }
    throw std::runtime_error("cannot create a temporary folder in " + base.u8string());
}

TempDir::~TempDir()
{
    std::error_code ignored;
    std::filesystem::remove_all(_path, ignored);
}

void writeFile(const std::string& path, const std::string& contents)
{
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << contents;
    if (!out)
        throw std::runtime_error("cannot write " + path);
}

std::string readFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

} // namespace OuraMcp::Testing
