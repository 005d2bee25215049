// The list results served from their cached serialisation (ListCache, SerializedResult, Response): the bytes
// a client gets are those of a result built and dumped for its request, for every list, revision, era and
// page, and the cache keeps revisions, eras and pages apart.
#include "mcp/ListCache.h"
#include "mcp/JsonRpc.h"
#include "mcp/Pagination.h"
#include "mcp/ProtocolError.h"
#include "mcp/ProtocolVersion.h"
#include "mcp/Request.h"
#include "mcp/RequestHandler.h"
#include "mcp/Response.h"
#include "mcp/Session.h"

#include "FakeCatalog.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

namespace OuraMcp::Mcp::Test {

namespace {

const char* const ListMethods[] = {"tools/list", "resources/list", "resources/templates/list",
                                   "prompts/list"};

std::string kindOf(const std::string& method)
{
    if (method == "resources/templates/list")
        return "templates";
    return method.substr(0, method.find('/'));
}

std::string dumped(const Json& message)
{
    return message.dump(-1, ' ', false, Json::error_handler_t::replace);
}

/// A catalog with enough tools for three pages of four, one of them with invalid UTF-8 (the output replaces
/// it, and so must the cached text).
class ListCatalog : public FakeCatalog
{
public:
    ListCatalog()
    {
        toolList.push_back({{"name", "mangled"},
                            {"description", std::string("a \xff byte")},
                            {"inputSchema", {{"type", "object"}}}});
    }
};

struct Fixture
{
    explicit Fixture(std::size_t pageSize = 4)
    {
        options.pageSize = pageSize;
        options.catalogCacheTtl = std::chrono::minutes(5);
    }

    std::shared_ptr<Session> session(std::shared_ptr<ListCache> lists = nullptr)
    {
        return std::make_shared<Session>(catalog, info, options, nullptr, std::move(lists));
    }

    ListCatalog catalog;
    ServerInfo info{"test-server", "1.2.3", "Test Server", "A server for tests", ""};
    ServerOptions options;
};

Request listRequest(const Json& id, const std::string& method, const std::string& version, std::size_t offset)
{
    Request request;
    request.id = id;
    request.key = JsonRpc::idKey(id);
    request.method = method;
    request.version = version;
    request.modern = ProtocolVersion::isModern(version);
    if (offset > 0)
        request.params["cursor"] = Pagination::encode(kindOf(method), offset);
    return request;
}

/// The offsets of every page of a list, read from the nextCursor of each page.
std::vector<std::size_t> pageOffsets(Session& session, const std::string& method, const std::string& version)
{
    std::vector<std::size_t> offsets{0};
    for (;;)
    {
        const Json result = RequestHandler(session)
                                .handle(listRequest(1, method, version, offsets.back()), nullptr)
                                .toJson()["result"];
        if (!result.contains("nextCursor"))
            return offsets;
        offsets.push_back(*Pagination::decode(result["nextCursor"].get<std::string>(), kindOf(method)));
    }
}

} // namespace

TEST(ListCache, CachedTextEqualsAFreshSerialisationForEveryListRevisionAndPage)
{
    Fixture f;
    auto warm = f.session();
    int checked = 0;
    for (const char* method : ListMethods)
    {
        for (const auto& version : ProtocolVersion::supported())
        {
            for (std::size_t offset : pageOffsets(*warm, method, version))
            {
                // Served twice by the warm session (the second from its cache), with ids of both kinds ...
                for (const Json& id : {Json(7), Json("seven \"7\" \u00e9")})
                {
                    const Response cached =
                        RequestHandler(*warm).handle(listRequest(id, method, version, offset), nullptr);
                    ASSERT_EQ(cached.message(), nullptr) << "a list result is served pre-serialised";
                    // ... equals what a session with nothing cached builds and serialises for it ...
                    auto cold = f.session();
                    const Response fresh =
                        RequestHandler(*cold).handle(listRequest(id, method, version, offset), nullptr);
                    EXPECT_EQ(cached.text(), fresh.text()) << method << " " << version << " @" << offset;
                    // ... and is byte for byte the envelope dumped as Json.
                    EXPECT_EQ(cached.text(), dumped(cached.toJson())) << method << " " << version;
                    EXPECT_EQ(cached.toJson()["id"], id);
                    ++checked;
                }
            }
        }
    }
    // 4 lists x 5 revisions, tools/list in 3 pages; 2 ids each.
    EXPECT_EQ(checked, (3 + 1 + 1 + 1) * 5 * 2);
    EXPECT_EQ(warm->lists().size(), (3u + 1 + 1 + 1) * 5);
}

TEST(ListCache, EachRevisionEraAndPageGetsItsOwnText)
{
    Fixture f;
    auto session = f.session();
    std::map<std::string, std::string> texts; // version -> tools/list result text
    for (const auto& version : ProtocolVersion::supported())
        texts[version] = dumped(
            RequestHandler(*session).handle(listRequest(1, "tools/list", version, 0), nullptr).toJson());
    // Every revision gates the Tool fields differently (icons 2025-11-25, title 2025-06-18, annotations
    // 2025-03-26) and the modern era adds resultType, ttlMs, cacheScope and _meta.
    std::set<std::string> distinct;
    for (const auto& [version, text] : texts)
        distinct.insert(text);
    EXPECT_EQ(distinct.size(), ProtocolVersion::supported().size());
    const Json modern = Json::parse(texts[ProtocolVersion::Modern])["result"];
    EXPECT_EQ(modern["ttlMs"], 300000);
    EXPECT_EQ(modern["cacheScope"], "public");
    EXPECT_EQ(modern["resultType"], "complete");
    EXPECT_EQ(modern["_meta"]["io.modelcontextprotocol/serverInfo"],
              Json::parse(R"({"name":"test-server","version":"1.2.3"})"));
    const Json oldest = Json::parse(texts["2024-11-05"])["result"]["tools"][0];
    EXPECT_FALSE(oldest.contains("annotations"));
    EXPECT_FALSE(oldest.contains("title"));
    EXPECT_FALSE(Json::parse(texts["2025-11-25"])["result"].contains("ttlMs"));
    // Pages of one revision differ too.
    const std::string second =
        RequestHandler(*session).handle(listRequest(1, "tools/list", "2025-11-25", 4), nullptr).text();
    EXPECT_NE(second, texts["2025-11-25"]);
    EXPECT_EQ(session->lists().size(), ProtocolVersion::supported().size() + 1);
}

TEST(ListCache, ServesTheStoredTextWithoutAskingTheCatalogAgain)
{
    Fixture f;
    auto session = f.session();
    const std::string before =
        RequestHandler(*session).handle(listRequest(1, "prompts/list", "2025-11-25", 0), nullptr).text();
    // The catalog is immutable once loaded; changing the fake's list shows which answers are cached.
    f.catalog.promptList.clear();
    EXPECT_EQ(
        RequestHandler(*session).handle(listRequest(1, "prompts/list", "2025-11-25", 0), nullptr).text(),
        before);
    const Json other =
        RequestHandler(*session).handle(listRequest(1, "prompts/list", "2025-06-18", 0), nullptr).toJson();
    EXPECT_TRUE(other["result"]["prompts"].empty()) << "another revision is built on its own";
}

TEST(ListCache, SessionsGivenOneCacheShareIt)
{
    Fixture f;
    auto lists = std::make_shared<ListCache>();
    auto first = f.session(lists);
    auto second = f.session(lists);
    const std::string text =
        RequestHandler(*first).handle(listRequest(1, "tools/list", "2025-03-26", 0), nullptr).text();
    f.catalog.toolList.clear();
    EXPECT_EQ(RequestHandler(*second).handle(listRequest(1, "tools/list", "2025-03-26", 0), nullptr).text(),
              text);
    EXPECT_EQ(lists->size(), 1u);
    // A session without a cache of its own makes one: nothing is shared with it.
    EXPECT_NE(&f.session()->lists(), lists.get());
}

TEST(ListCache, StoresNothingForAnInvalidCursorOrAFailedBuild)
{
    Fixture f;
    auto session = f.session();
    // Past the end (a well-formed cursor of a list that has fewer items), malformed, offset 0.
    for (const Json& cursor : {Json(Pagination::encode("tools", 40)), Json("xyz"),
                               Json(Pagination::encode("tools", 0)), Json(Pagination::encode("prompts", 4))})
    {
        Request request = listRequest(1, "tools/list", "2025-11-25", 0);
        request.params["cursor"] = cursor;
        try
        {
            RequestHandler(*session).handle(request, nullptr);
            ADD_FAILURE() << "accepted cursor " << cursor.dump();
        }
        catch (const ProtocolError& e)
        {
            EXPECT_EQ(e.code(), ProtocolError::InvalidParams);
        }
    }
    EXPECT_EQ(session->lists().size(), 0u);
    ListCache lists;
    EXPECT_THROW(lists.get("key", []() -> Json { throw std::runtime_error("catalog failed"); }),
                 std::runtime_error);
    EXPECT_EQ(lists.size(), 0u);
    EXPECT_EQ(lists.get("key", [] { return Json{{"a", 1}}; }).text(), R"({"a":1})");
}

} // namespace OuraMcp::Mcp::Test
