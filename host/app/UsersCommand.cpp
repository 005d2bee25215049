#include "app/UsersCommand.h"

#include "store/UserStore.h"
#include "util/Json.h"

#include <Poco/DateTime.h>
#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/Timestamp.h>

#include <ostream>

namespace OuraMcp::App {

namespace {

std::string isoTime(std::int64_t unixSeconds)
{
    return Poco::DateTimeFormatter::format(
        Poco::Timestamp::fromEpochTime(static_cast<std::time_t>(unixSeconds)),
        Poco::DateTimeFormat::ISO8601_FORMAT);
}

} // namespace

UsersCommand::UsersCommand(std::shared_ptr<Store::UserStore> store, OuraRevoker revokeAtOura, bool json)
    : _store(std::move(store)), _revokeAtOura(std::move(revokeAtOura)), _json(json)
{}

int UsersCommand::run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err)
{
    const std::string verb = args.empty() ? "list" : args[0];
    if (verb == "list")
        return list(out);
    if (verb == "revoke")
        return revoke(args.at(1), out, err);
    if (verb == "reseal")
    {
        // After a key rotation (docs/store.md): every Oura token still sealed with an older key is sealed again
        // with the current one, so that the old key can be removed from the key file.
        const std::size_t resealed = _store->resealOuraTokens();
        out << "Resealed " << resealed << " user(s)' Oura tokens with the current key.\n";
        return 0;
    }
    return remove(args.at(1), out, err);
}

int UsersCommand::list(std::ostream& out)
{
    const auto users = _store->listUsers();
    Json all = Json::array();
    for (const auto& user : users)
    {
        Json clients = Json::array();
        for (const auto& grant : _store->grantsOf(user.id))
            clients.push_back(grant.clientId);
        all.push_back({{"id", user.id}, {"created", isoTime(user.createdAt)}, {"clients", clients}});
    }
    if (_json)
    {
        out << Json{{"users", all}}.dump(2) << "\n";
        return 0;
    }
    if (users.empty())
    {
        out << "No users yet: nobody has signed in through this server.\n";
        return 0;
    }
    for (const auto& user : all)
    {
        out << user["id"].get<std::string>() << "  signed up " << user["created"].get<std::string>() << "  "
            << user["clients"].size() << " client(s)";
        for (const auto& client : user["clients"])
            out << "\n    " << client.get<std::string>();
        out << "\n";
    }
    out << users.size() << " user(s)\n";
    return 0;
}

int UsersCommand::revoke(const std::string& userId, std::ostream& out, std::ostream& err)
{
    if (!_store->findUser(userId))
    {
        err << "oura-mcp: no user " << userId << " (see oura-mcp users list)\n";
        return 1;
    }
    const std::size_t grants = _store->revokeAllGrants(userId);
    out << "Revoked " << grants << " client grant(s) of " << userId
        << ": every client must ask them for consent again. Their Oura sign-in stays.\n";
    return 0;
}

int UsersCommand::remove(const std::string& userId, std::ostream& out, std::ostream& err)
{
    if (!_store->findUser(userId))
    {
        err << "oura-mcp: no user " << userId << " (see oura-mcp users list)\n";
        return 1;
    }
    bool revoked = false;
    if (const auto tokens = _store->ouraTokens(userId); tokens && _revokeAtOura)
    {
        try
        {
            _revokeAtOura(*tokens);
        }
        catch (const std::exception& e)
        {
            err << "oura-mcp: could not revoke " << userId << "'s token at Oura (" << e.what()
                << "); nothing was deleted. Try again, or revoke the app in the Oura app and delete then.\n";
            return 1;
        }
        revoked = true;
    }
    _store->deleteUser(userId);
    out << "Deleted " << userId << (revoked ? ": their Oura token was revoked at Oura, and their" : ": their")
        << " Oura tokens, grants and clients' tokens are gone from the store.\n";
    return 0;
}

} // namespace OuraMcp::App
