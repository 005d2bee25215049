#include "TestDoubles.h"

#include "dates/DateResolver.h"
#include "dates/FixedClock.h"
#include "oura/CollectionService.h"
#include "oura/DatesCalendar.h"

#include <gtest/gtest.h>

#include <set>

using namespace OuraMcp;
using namespace OuraMcp::Oura;
using namespace OuraMcp::Oura::Test;

namespace {

// 2024-11-20T10:00:00Z; Central European time (UTC+1 in November, UTC+2 in summer).
const int64_t kNow = 1732096800000;
const char* const kCet = "CET-1CEST,M3.5.0,M10.5.0/3";

} // namespace

TEST(DatesCalendar, AdaptsTheDateResolverAndTimeZone)
{
    Dates::FixedClock clock(kNow);
    Dates::DateResolver resolver(clock, Dates::TimeZone::fromPosixRule(kCet));
    DatesCalendar calendar(resolver);
    EXPECT_EQ(calendar.today(), Dates::CivilDate(2024, 11, 20));
    auto days = calendar.resolve("yesterday", "");
    ASSERT_TRUE(days.ok()) << days.error;
    EXPECT_EQ(days.range.start, Dates::CivilDate(2024, 11, 19));
    EXPECT_EQ(days.range.end, Dates::CivilDate(2024, 11, 19));
    EXPECT_EQ(calendar.localMidnightIso(Dates::CivilDate(2024, 11, 19)), "2024-11-19T00:00:00+01:00");
    EXPECT_EQ(calendar.localMidnightIso(Dates::CivilDate(2024, 7, 1)), "2024-07-01T00:00:00+02:00");
    auto bad = calendar.resolve("the twelfth of never", "");
    EXPECT_FALSE(bad.ok());
    EXPECT_FALSE(bad.error.empty());
}

TEST(DatesCalendar, HeartRateWindowsAcrossADaylightSavingChangeUseEachDaysOwnOffset)
{
    Dates::FixedClock clock(kNow);
    Dates::DateResolver resolver(clock, Dates::TimeZone::fromPosixRule(kCet));
    auto transport =
        std::make_shared<ScriptedTransport>([](const HttpRequest&) { return answer(200, R"({"data":[]})"); });
    auto client = std::make_shared<ApiClient>(transport, nullptr);
    CollectionService service(client, std::make_shared<DatesCalendar>(resolver));
    CollectionQuery q;
    q.collection = "heartrate";
    q.start = "2024-10-26"; // Europe leaves summer time on 2024-10-27 at 03:00
    q.end = "2024-10-27";
    ApiResponse r = service.getCollection(q, {});
    ASSERT_TRUE(r.ok()) << r.message;
    std::set<std::pair<std::string, std::string>> windows;
    for (const auto& request : transport->requests())
        windows.emplace(queryValue(request, "start_datetime"), queryValue(request, "end_datetime"));
    EXPECT_EQ(windows, (std::set<std::pair<std::string, std::string>>{
                           {"2024-10-26T00:00:00+02:00", "2024-10-27T00:00:00+02:00"},
                           {"2024-10-27T00:00:00+02:00", "2024-10-28T00:00:00+01:00"}}));
}
