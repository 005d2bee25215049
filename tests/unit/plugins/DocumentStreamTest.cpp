// omcp::forEachDocument: the elements of a body's top-level "data" array, one at a time, equal to what the
// whole-tree path (documents(parseBody(...))) gives, whatever else the body holds.
#include <oura_mcp/plugin_json.hpp>

#include <gtest/gtest.h>

namespace {

std::vector<nlohmann::json> streamed(const std::string& body)
{
    omcp::Response response;
    response.body = body;
    std::vector<nlohmann::json> out;
    omcp::forEachDocument(response, [&](nlohmann::json&& d) { out.push_back(std::move(d)); });
    return out;
}

std::vector<nlohmann::json> whole(const std::string& body)
{
    omcp::Response response;
    response.body = body;
    const auto docs = omcp::documents(omcp::parseBody(response));
    return std::vector<nlohmann::json>(docs.begin(), docs.end());
}

} // namespace

TEST(DocumentStream, GivesTheSameDocumentsAsTheWholeTree)
{
    const std::string bodies[] = {
        R"({"data":[{"bpm":51,"source":"rest","timestamp":"2026-11-20T00:00:00+01:00"},{"bpm":52}],"next_token":null})",
        // nested objects and arrays inside documents, keys before and after "data", a "data" key deeper down
        R"({"next_token":"x","meta":{"data":[9]},"data":[{"a":{"b":[1,[2,3],{"c":null}]},"d":[{"e":1},{"f":2}]},)"
        R"({"contributors":{"x":1.5,"y":true}}],"tail":[{"data":[7]}]})",
        R"({"data":[1,"two",null,[3]]})",
        R"({"data":[]})",
        R"({"id":"x","age":40})", // no data: no documents
        R"({"data":{"not":"an array"},"other":[1,2]})",
    };
    for (const auto& body : bodies)
        EXPECT_EQ(streamed(body), whole(body)) << body;
}

TEST(DocumentStream, AMalformedBodyIsAnUpstreamError)
{
    for (const std::string body : {R"({"data":[{"bpm":51},)", "not json", ""})
    {
        try
        {
            streamed(body);
            ADD_FAILURE() << "no error for " << body;
        }
        catch (const omcp::Error& e)
        {
            EXPECT_EQ(e.status(), OMCP_E_UPSTREAM);
            EXPECT_STREQ(e.what(), "the Oura API returned a malformed answer");
        }
    }
}
