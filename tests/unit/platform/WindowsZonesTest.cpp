#include "platform/WindowsZones.h"

#include <gtest/gtest.h>

namespace OuraMcp::Platform {
namespace {

class WindowsZonesTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        if (WindowsZones::rowCount() == 0)
            GTEST_SKIP() << "built without CLDR's windowsZones.xml (package unicode-cldr-core)";
    }
};

TEST_F(WindowsZonesTest, TheTableHasEveryRowOfTheXml)
{
    EXPECT_GT(WindowsZones::rowCount(), 400u); // 506 rows in CLDR 42
}

TEST_F(WindowsZonesTest, DefaultTerritoryGivesTheCanonicalZone)
{
    EXPECT_EQ(WindowsZones::ianaName("Tokyo Standard Time", "001"), "Asia/Tokyo");
    EXPECT_EQ(WindowsZones::ianaName("W. Europe Standard Time", "001"), "Europe/Berlin");
    EXPECT_EQ(WindowsZones::ianaName("Eastern Standard Time", "001"), "America/New_York");
    EXPECT_EQ(WindowsZones::ianaName("UTC", "001"), "Etc/UTC");
}

TEST_F(WindowsZonesTest, TheUsersTerritoryWinsOverTheDefault)
{
    EXPECT_EQ(WindowsZones::ianaName("W. Europe Standard Time", "CH"), "Europe/Zurich");
    EXPECT_EQ(WindowsZones::ianaName("W. Europe Standard Time", "IT"), "Europe/Rome");
    EXPECT_EQ(WindowsZones::ianaName("Eastern Standard Time", "CA"), "America/Toronto");
}

TEST_F(WindowsZonesTest, SeveralZonesInATerritoryGiveTheFirst)
{
    // CLDR: Eastern Standard Time, US = "America/New_York America/Detroit ...".
    EXPECT_EQ(WindowsZones::ianaName("Eastern Standard Time", "US"), "America/New_York");
}

TEST_F(WindowsZonesTest, ATerritoryWithoutARowFallsBackToTheDefault)
{
    EXPECT_EQ(WindowsZones::ianaName("Tokyo Standard Time", "DE"), "Asia/Tokyo");
    EXPECT_EQ(WindowsZones::ianaName("Tokyo Standard Time", ""), "Asia/Tokyo");
}

TEST_F(WindowsZonesTest, AnUnknownNameGivesNothing)
{
    EXPECT_EQ(WindowsZones::ianaName("Atlantis Standard Time", "001"), "");
    EXPECT_EQ(WindowsZones::ianaName("tokyo standard time", "001"), ""); // key names are exact
    EXPECT_EQ(WindowsZones::ianaName("", ""), "");
}

} // namespace
} // namespace OuraMcp::Platform
