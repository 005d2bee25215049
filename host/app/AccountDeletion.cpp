#include "app/AccountDeletion.h"

#include "http/Authenticator.h"
#include "store/UserStore.h"
#include "util/Json.h"
#include "util/Log.h"

namespace OuraMcp::App {

namespace {

Http::WebResponse answer(int status, Json body)
{
    Http::WebResponse response;
    response.status = status;
    response.body = body.dump();
    response.headers.emplace_back("Cache-Control", "no-store");
    return response;
}

} // namespace

AccountDeletion::AccountDeletion(std::shared_ptr<Http::Authenticator> authenticator,
                                 std::shared_ptr<Store::UserStore> store, OuraRevoker revokeAtOura,
                                 Forget forgetCachedData)
    : _authenticator(std::move(authenticator)), _store(std::move(store)),
      _revokeAtOura(std::move(revokeAtOura)), _forget(std::move(forgetCachedData))
{}

bool AccountDeletion::handles(const std::string& method, const std::string& path) const
{
    (void)method;
    return path == Path;
}

Http::WebResponse AccountDeletion::serve(const Http::WebRequest& request)
{
    if (request.method != "POST")
    {
        Http::WebResponse refused =
            answer(405, {{"error", "method_not_allowed"},
                         {"error_description", "POST with the bearer token of the account"}});
        refused.headers.emplace_back("Allow", "POST");
        return refused;
    }
    const auto outcome = _authenticator->authenticate(request.authorization);
    if (!outcome.principal)
    {
        Http::WebResponse refused = answer(
            outcome.status, {{"error", outcome.status == 503 ? "temporarily_unavailable" : "invalid_token"},
                             {"error_description", outcome.reason}});
        if (!outcome.wwwAuthenticate.empty())
            refused.headers.emplace_back("WWW-Authenticate", outcome.wwwAuthenticate);
        return refused;
    }
    const std::string user = outcome.principal->userId;
    try
    {
        if (const auto tokens = _store->ouraTokens(user); tokens && _revokeAtOura)
            _revokeAtOura(*tokens);
    }
    catch (const std::exception& e)
    {
        Util::Log::warning("account", "deleting " + user + " waits: revoking at Oura failed: " + e.what());
        Http::WebResponse later =
            answer(503, {{"error", "temporarily_unavailable"},
                         {"error_description",
                          "Oura could not be reached to revoke the sign-in; nothing was deleted. "
                          "Try again in a few minutes."}});
        later.headers.emplace_back("Retry-After", "60");
        return later;
    }
    _store->deleteUser(user);
    if (_forget)
        _forget(user);
    Util::Log::info("account", user + " deleted their account (Oura sign-in revoked, every row deleted)");
    return answer(200,
                  {{"deleted", true},
                   {"message", "Your Oura sign-in was revoked and everything this server kept about you was "
                               "deleted."}});
}

} // namespace OuraMcp::App
