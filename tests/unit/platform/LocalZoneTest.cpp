#include "platform/LocalZone.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>

namespace OuraMcp::Platform {
namespace {

TEST(LocalZoneTest, ZoneinfoDirHoldsTheZones)
{
    const std::string dir = LocalZone::zoneinfoDir();
    EXPECT_TRUE(std::filesystem::is_regular_file(std::filesystem::u8path(dir + "/Europe/Berlin"))) << dir;
}

#ifdef _WIN32
TEST(LocalZoneTest, WindowsHasNoZoneVariable)
{
    EXPECT_EQ(LocalZone::kZoneVariable, nullptr);
}

TEST(LocalZoneTest, WindowsNamesTheZoneOfItsSettings)
{
    // Under Wine the setting follows the Unix side's zone: TZ=Asia/Tokyo wine ... gives Asia/Tokyo here.
    const LocalZone zone = LocalZone::current();
    EXPECT_EQ(zone.source.rfind("the Windows time zone \"", 0), 0u) << zone.source;
    EXPECT_EQ(zone.file, "");
    EXPECT_FALSE(zone.name.empty());
}
#else
/// Sets an environment variable for one test and puts the old value back.
class ScopedEnvironment
{
public:
    ScopedEnvironment(const char* name, const char* value) : _name(name)
    {
        if (const char* old = std::getenv(name))
            _old = old;
        if (value)
            ::setenv(name, value, 1);
        else
            ::unsetenv(name);
    }
    ~ScopedEnvironment()
    {
        if (_old)
            ::setenv(_name, _old->c_str(), 1);
        else
            ::unsetenv(_name);
    }

private:
    const char* _name;
    std::optional<std::string> _old;
};

TEST(LocalZoneTest, PosixTakesTzFirst)
{
    EXPECT_STREQ(LocalZone::kZoneVariable, "TZ");
    {
        ScopedEnvironment tz("TZ", "Asia/Tokyo");
        const LocalZone zone = LocalZone::current();
        EXPECT_EQ(zone.name, "Asia/Tokyo");
        EXPECT_EQ(zone.file, "");
        EXPECT_EQ(zone.source, "the TZ environment variable");
    }
    {
        ScopedEnvironment tz("TZ", ":/usr/share/zoneinfo/Europe/Berlin");
        const LocalZone zone = LocalZone::current();
        EXPECT_EQ(zone.name, "Europe/Berlin");
        EXPECT_EQ(zone.file, "/usr/share/zoneinfo/Europe/Berlin");
    }
    {
        ScopedEnvironment tz("TZ", ""); // set but empty: UTC
        const LocalZone zone = LocalZone::current();
        EXPECT_EQ(zone.name, "");
        EXPECT_EQ(zone.file, "");
    }
}

TEST(LocalZoneTest, PosixTzdirMovesTheZoneinfo)
{
    {
        ScopedEnvironment tzdir("TZDIR", "/opt/zones");
        EXPECT_EQ(LocalZone::zoneinfoDir(), "/opt/zones");
    }
    ScopedEnvironment tzdir("TZDIR", "");
    EXPECT_EQ(LocalZone::zoneinfoDir(), "/usr/share/zoneinfo");
}
#endif

} // namespace
} // namespace OuraMcp::Platform
