#include "util/Json.h"

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>
#include <Poco/StreamCopier.h>

#include <gtest/gtest.h>

#include <string>

using OuraMcp::Json;

// The standalone fake prints one JSON line with its port, serves, and exits when its stdin closes.
TEST(FakeOuraProcess, AnnouncesItsPortAndStopsWhenStdinCloses)
{
    Poco::Pipe in;
    Poco::Pipe out;
    Poco::ProcessHandle process =
        Poco::Process::launch(FAKE_OURA_API_PATH,
                              {"--access-token", "process-token-1", "--today", "2026-11-20", "--page-size",
                               "50", "--user", "alice:7"},
                              &in, &out, nullptr);
    Poco::PipeInputStream stdoutStream(out);
    std::string line;
    ASSERT_TRUE(std::getline(stdoutStream, line));
    const Json announced = Json::parse(line);
    const int port = announced["port"];
    EXPECT_GT(port, 0);
    EXPECT_EQ(announced["base_url"], "http://127.0.0.1:" + std::to_string(port));
    ASSERT_TRUE(announced["users"].is_object()) << line;
    EXPECT_FALSE(announced["users"]["default"].get<std::string>().empty()) << line;
    EXPECT_FALSE(announced["users"]["alice"].get<std::string>().empty()) << line;
    EXPECT_NE(announced["users"]["alice"], announced["users"]["default"]) << line;

    Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(port));
    session.setTimeout(Poco::Timespan(10, 0));
    Poco::Net::HTTPRequest request("GET",
                                   "/v2/usercollection/heartrate?start_datetime=2026-11-18T00:00:00Z"
                                   "&end_datetime=2026-11-19T00:00:00Z",
                                   Poco::Net::HTTPMessage::HTTP_1_1);
    request.set("Authorization", "Bearer process-token-1");
    session.sendRequest(request);
    Poco::Net::HTTPResponse response;
    std::string body;
    Poco::StreamCopier::copyToString(session.receiveResponse(response), body);
    EXPECT_EQ(response.getStatus(), 200);
    const Json page = Json::parse(body);
    EXPECT_EQ(page["data"].size(), 50u);
    EXPECT_TRUE(page["next_token"].is_string());

    in.close(Poco::Pipe::CLOSE_WRITE);
    EXPECT_EQ(process.wait(), 0);
    // Nothing but the announcement went to stdout.
    std::string rest;
    Poco::StreamCopier::copyToString(stdoutStream, rest);
    EXPECT_EQ(rest, "");
}

TEST(FakeOuraProcess, StopsOnSigtermWhenIgnoringStdin)
{
    Poco::Pipe in;
    Poco::Pipe out;
    Poco::ProcessHandle process = Poco::Process::launch(
        FAKE_OURA_API_PATH, {"--ignore-stdin", "--today", "2026-11-20"}, &in, &out, nullptr);
    Poco::PipeInputStream stdoutStream(out);
    std::string line;
    ASSERT_TRUE(std::getline(stdoutStream, line));   // serving
    in.close(Poco::Pipe::CLOSE_WRITE);               // must not stop it ...
    Poco::Process::requestTermination(process.id()); // ... but SIGTERM does
    EXPECT_EQ(process.wait(), 0);
}
