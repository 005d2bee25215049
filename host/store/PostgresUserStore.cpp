#include "store/PostgresUserStore.h"

#include "store/StoreError.h"

#include <Poco/Data/PostgreSQL/Connector.h>
#include <Poco/Data/Statement.h>
#include <Poco/URI.h>

namespace OuraMcp::Store {

using Poco::Data::Session;
using Poco::Data::Statement;

namespace {

std::string quoted(const std::string& value)
{
    std::string out = "'";
    for (char c : value)
    {
        if (c == '\'' || c == '\\')
            out += '\\';
        out += c;
    }
    return out + "'";
}

// Poco's PostgreSQL connector takes libpq's keyword form only, so a URI is taken apart here (percent-decoded
// by Poco::URI). The text never reaches an error message: it may hold a password.
std::string keywordsOf(const std::string& url)
{
    Poco::Data::PostgreSQL::Connector::registerConnector();
    if (url.rfind("postgresql://", 0) != 0 && url.rfind("postgres://", 0) != 0)
        return url;
    Poco::URI uri;
    try
    {
        uri = Poco::URI(url);
    }
    catch (const Poco::Exception&)
    {
        throw StoreError("the PostgreSQL store URL is not a valid URI");
    }
    std::string keywords;
    auto add = [&](const std::string& key, const std::string& value) {
        if (!value.empty())
            keywords += (keywords.empty() ? "" : " ") + key + "=" + quoted(value);
    };
    const std::string& userInfo = uri.getUserInfo();
    const auto colon = userInfo.find(':');
    add("user", userInfo.substr(0, colon));
    if (colon != std::string::npos)
        add("password", userInfo.substr(colon + 1));
    add("host", uri.getHost());
    if (uri.getSpecifiedPort() != 0)
        add("port", std::to_string(uri.getSpecifiedPort()));
    add("dbname", uri.getPath().empty() ? std::string() : uri.getPath().substr(1));
    for (const auto& [key, value] : uri.getQueryParameters())
        add(key, value);
    return keywords;
}

// An arbitrary constant: the advisory lock id every oura-mcp replica takes while migrating.
constexpr long long migrationLockId = 0x6f7572616d6370LL; // "ouramcp"

} // namespace

PostgresUserStore::PostgresUserStore(const std::string& url, std::shared_ptr<const StoreKey> key)
    : SqlUserStore("postgresql", keywordsOf(url), std::move(key), 16)
{
    migrate();
}

std::string PostgresUserStore::sql(const std::string& text) const
{
    // '?' to $1, $2, …: the statements never hold a '?' in a literal.
    std::string out;
    int n = 0;
    for (char c : text)
    {
        if (c == '?')
            out += "$" + std::to_string(++n);
        else
            out += c;
    }
    return out;
}

void PostgresUserStore::prepareConnection(Session&) {}

void PostgresUserStore::beginWrite(Session& session)
{
    session.begin();
}

void PostgresUserStore::commit(Session& session)
{
    session.commit();
}

void PostgresUserStore::rollback(Session& session) noexcept
{
    try
    {
        session.rollback();
    }
    catch (...)
    {}
}

std::string PostgresUserStore::forUpdate() const
{
    return " FOR UPDATE";
}

void PostgresUserStore::lockForMigration(Session& session)
{
    std::int64_t taken = 0;
    Statement lock(session);
    lock << "SELECT COUNT(*) FROM (SELECT pg_advisory_xact_lock(" + std::to_string(migrationLockId) +
                ")) AS l",
        Poco::Data::Keywords::into(taken);
    lock.execute();
}

} // namespace OuraMcp::Store

namespace OuraMcp::Store {

std::unique_ptr<UserStore> openPostgresStore(const std::string& url, std::shared_ptr<const StoreKey> key)
{
    return std::make_unique<PostgresUserStore>(url, std::move(key));
}

} // namespace OuraMcp::Store
