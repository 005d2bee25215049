#pragma once

#include <string>

namespace OuraMcp::Testing {

/// A fresh directory under the system temp dir, removed with its contents at destruction.
class TempDir
{
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    const std::string& path() const { return _path; }
    std::string file(const std::string& name) const { return _path + "/" + name; }

private:
    std::string _path;
};

void writeFile(const std::string& path, const std::string& contents);
/// Replaces the file's contents; throws std::runtime_error if it cannot.

std::string readFile(const std::string& path);
/// The file's contents; empty if it cannot be read.

} // namespace OuraMcp::Testing
