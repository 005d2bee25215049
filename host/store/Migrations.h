#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace OuraMcp::Store {

/// The versioned schema of the store, one step per version, in SQL both engines run (TEXT, BIGINT). A step is
/// never edited once released; a change of schema is a new step. SqlUserStore applies the steps above the
/// database's version in order, in one transaction, and records each in schema_version.
class Migrations
{
public:
    struct Step
    {
        std::int64_t version;
        std::vector<std::string> statements;
    };

    static const std::vector<Step>& steps();
    static std::int64_t latestVersion();
};

} // namespace OuraMcp::Store
