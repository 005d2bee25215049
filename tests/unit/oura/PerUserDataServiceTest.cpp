// The multi-user data service: each user's calls run on a stack of their own (DataStack), so an answer
// cached, joined in flight or failed for one user never reaches another; a call naming no user is refused.
#include "oura/PerUserDataService.h"
#include "oura/DataStack.h"

#include "TestDoubles.h"

#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <string>
#include <thread>
#include <vector>

namespace {

using namespace OuraMcp::Oura;
using namespace OuraMcp::Oura::Test;

/// Oura as seen by several people: the answer names whose token asked (and counts the requests).
std::shared_ptr<ScriptedTransport> ouraOfManyPeople()
{
    return std::make_shared<ScriptedTransport>([](const HttpRequest& request) {
        std::string token;
        for (const auto& [name, value] : request.headers)
            if (name == "Authorization")
                token = value.substr(std::string("Bearer ").size());
        if (token == "token-of-broken")
            return answer(403, R"({"detail":"membership lapsed"})");
        return answer(200, R"({"data":[{"id":"1","day":"2024-05-01","score":1,"owner":")" + token +
                               R"("}],"next_token":null})");
    });
}

PerUserDataService::Factory stacksOver(std::shared_ptr<Transport> transport,
                                       std::atomic<int>* built = nullptr)
{
    return [transport, built](const std::string& user) -> std::shared_ptr<DataService> {
        if (built != nullptr)
            ++*built;
        return DataStack::build(transport, std::make_shared<FakeTokens>("token-of-" + user),
                                std::make_shared<FixedCalendar>("2024-05-07", "+00:00"), {});
    };
}

ApiResponse dailySleepOf(DataService& service, const std::string& user)
{
    CollectionQuery query;
    query.collection = "daily_sleep";
    query.start = "2024-05-01";
    query.end = "2024-05-01";
    CallControl control;
    control.user = user;
    control.requiredScope = "daily";
    return service.getCollection(query, control);
}

TEST(PerUserDataService, EachUserGetsTheirOwnAnswerEvenForTheSameCachedQuery)
{
    auto oura = ouraOfManyPeople();
    PerUserDataService service(stacksOver(oura), "test");

    const ApiResponse a = dailySleepOf(service, "u_alice");
    const ApiResponse b = dailySleepOf(service, "u_bob");
    const ApiResponse aAgain = dailySleepOf(service, "u_alice");

    ASSERT_TRUE(a.ok()) << a.message;
    ASSERT_TRUE(b.ok()) << b.message;
    EXPECT_NE(a.body.find("token-of-u_alice"), std::string::npos);
    EXPECT_NE(b.body.find("token-of-u_bob"), std::string::npos);
    EXPECT_EQ(b.body.find("u_alice"), std::string::npos);
    EXPECT_NE(aAgain.body.find("token-of-u_alice"), std::string::npos);
    EXPECT_EQ(oura->count(), 2u) << "alice's second read is served from alice's cache";
}

TEST(PerUserDataService, UsersAtOnceUnderLoadNeverSeeEachOthersData)
{
    auto oura = ouraOfManyPeople();
    PerUserDataService service(stacksOver(oura), "test");
    const std::vector<std::string> users = {"u_alice", "u_bob", "u_carol", "u_dave"};
    std::atomic<int> wrong{0};
    std::atomic<int> served{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t)
        threads.emplace_back([&, t] {
            for (int i = 0; i < 50; ++i)
            {
                const std::string& user = users[static_cast<std::size_t>(t + i) % users.size()];
                const ApiResponse r = dailySleepOf(service, user);
                if (!r.ok() || r.body.find("\"owner\":\"token-of-" + user + "\"") == std::string::npos)
                    ++wrong;
                ++served;
            }
        });
    for (auto& thread : threads)
        thread.join();
    EXPECT_EQ(served.load(), 400);
    EXPECT_EQ(wrong.load(), 0);
}

TEST(PerUserDataService, OneUsersUpstreamFailureIsNotAnotherUsersError)
{
    auto oura = ouraOfManyPeople();
    PerUserDataService service(stacksOver(oura), "test");

    const ApiResponse broken = dailySleepOf(service, "broken");
    const ApiResponse fine = dailySleepOf(service, "u_alice");

    EXPECT_FALSE(broken.ok());
    ASSERT_TRUE(fine.ok()) << fine.message;
    EXPECT_EQ(fine.message, "");
}

TEST(PerUserDataService, ACallNamingNoUserIsRefusedNotServedFromSharedState)
{
    std::atomic<int> built{0};
    auto oura = ouraOfManyPeople();
    PerUserDataService service(stacksOver(oura, &built), "test");

    const ApiResponse r = dailySleepOf(service, "");

    EXPECT_EQ(r.error, ApiError::Internal);
    EXPECT_NE(r.message.find("without a user"), std::string::npos);
    EXPECT_EQ(built.load(), 0);
    EXPECT_EQ(oura->count(), 0u);
    EXPECT_EQ(service.prefetchDay(OuraMcp::Dates::CivilDate(2024, 5, 1), {"daily"}, ""), nullptr);
}

TEST(PerUserDataService, KeepsTheMostRecentUsersAndForgetsOnRequest)
{
    std::atomic<int> built{0};
    auto oura = ouraOfManyPeople();
    PerUserDataService service(stacksOver(oura, &built), "test", 2);

    dailySleepOf(service, "u_a");
    dailySleepOf(service, "u_b");
    dailySleepOf(service, "u_a"); // a is now the most recent
    dailySleepOf(service, "u_c"); // drops b
    EXPECT_EQ(service.users(), 2u);
    EXPECT_EQ(built.load(), 3);
    dailySleepOf(service, "u_a"); // still kept: no new stack
    EXPECT_EQ(built.load(), 3);
    dailySleepOf(service, "u_b"); // was dropped: a new stack
    EXPECT_EQ(built.load(), 4);

    const std::size_t before = oura->count();
    service.forget("u_b");
    EXPECT_EQ(service.users(), 1u);
    dailySleepOf(service, "u_b"); // its cache went with it: fetched again
    EXPECT_EQ(oura->count(), before + 1);
}

} // namespace
