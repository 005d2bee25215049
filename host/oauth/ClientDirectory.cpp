#include "oauth/ClientDirectory.h"

#include "oauth/OAuthError.h"
#include "oauth/RedirectUri.h"
#include "store/SecretHash.h"
#include "util/Log.h"

#include <algorithm>

namespace OuraMcp::OAuth {

namespace {

constexpr std::size_t MaximumNameLength = 200;
constexpr std::size_t MaximumUrlLength = 2000;

const std::vector<std::string> AuthMethods{"none", "client_secret_post", "client_secret_basic"};

/// The normalised form both kinds are stored in, so that reading a client back is one code path.
Json storedMetadata(const ClientInfo& info)
{
    Json metadata = Json::object();
    if (!info.name.empty())
        metadata["client_name"] = info.name;
    metadata["redirect_uris"] = info.redirectUris;
    metadata["token_endpoint_auth_method"] = info.tokenEndpointAuthMethod;
    return metadata;
}

std::vector<std::string> redirectUrisOf(const Json& document, const std::string& errorCode)
{
    const auto it = document.find("redirect_uris");
    if (it == document.end() || !it->is_array() || it->empty())
        throw OAuthError(errorCode, "redirect_uris must be a non-empty array of URIs");
    if (it->size() > ClientDirectory::MaximumRedirectUris)
        throw OAuthError(errorCode, "redirect_uris holds more than " +
                                        std::to_string(ClientDirectory::MaximumRedirectUris) + " URIs");
    std::vector<std::string> uris;
    for (const auto& uri : *it)
    {
        if (!uri.is_string())
            throw OAuthError(errorCode, "redirect_uris must hold only strings");
        const std::string problem = RedirectUri::problemWith(uri.get<std::string>());
        if (!problem.empty())
            throw OAuthError(errorCode, problem);
        uris.push_back(uri.get<std::string>());
    }
    return uris;
}

std::string clientNameOf(const Json& document, const std::string& errorCode)
{
    const auto it = document.find("client_name");
    if (it == document.end() || it->is_null())
        return "";
    if (!it->is_string())
        throw OAuthError(errorCode, "client_name must be a string");
    const std::string name = it->get<std::string>();
    if (name.size() > MaximumNameLength)
        throw OAuthError(errorCode, "client_name is longer than 200 characters");
    return name;
}

bool contains(const std::vector<std::string>& list, const std::string& value)
{
    return std::find(list.begin(), list.end(), value) != list.end();
}

std::vector<std::string> stringArray(const Json& document, const std::string& field)
{
    const auto it = document.find(field);
    if (it == document.end())
        return {};
    if (!it->is_array())
        throw OAuthError("invalid_client_metadata", field + " must be an array of strings");
    std::vector<std::string> values;
    for (const auto& value : *it)
    {
        if (!value.is_string())
            throw OAuthError("invalid_client_metadata", field + " must be an array of strings");
        values.push_back(value.get<std::string>());
    }
    return values;
}

} // namespace

ClientDirectory::ClientDirectory(Store::UserStore& store, ClientMetadataFetcher& fetcher,
                                 bool dynamicRegistration, bool metadataDocuments)
    : _store(store), _fetcher(fetcher), _dynamicRegistration(dynamicRegistration),
      _metadataDocuments(metadataDocuments)
{}

bool ClientDirectory::looksLikeMetadataUrl(const std::string& clientId)
{
    return clientId.compare(0, 8, "https://") == 0;
}

std::string ClientDirectory::problemWithMetadataUrl(const std::string& clientId)
{
    if (clientId.size() > MaximumUrlLength)
        return "the client_id URL is longer than 2000 characters";
    if (!looksLikeMetadataUrl(clientId))
        return "a client_id URL must use https";
    for (unsigned char c : clientId)
        if (c <= 0x20 || c == 0x7f)
            return "the client_id URL contains a space or a control character";
    if (clientId.find('#') != std::string::npos)
        return "the client_id URL must not contain a fragment";
    const std::size_t pathStart = clientId.find_first_of("/?", 8);
    const std::string authority =
        clientId.substr(8, pathStart == std::string::npos ? std::string::npos : pathStart - 8);
    if (authority.empty())
        return "the client_id URL must name a host";
    if (authority.find('@') != std::string::npos)
        return "the client_id URL must not contain user information";
    if (pathStart == std::string::npos || clientId[pathStart] != '/' || pathStart + 1 == clientId.size())
        return "the client_id URL must have a path (the metadata document's location)";
    const std::string path = clientId.substr(pathStart, clientId.find('?') - pathStart);
    std::size_t i = 0;
    while (i < path.size())
    {
        const std::size_t next = path.find('/', i + 1);
        const std::string segment =
            path.substr(i + 1, next == std::string::npos ? std::string::npos : next - i - 1);
        if (segment == "." || segment == "..")
            return "the client_id URL must not contain dot segments";
        if (next == std::string::npos)
            break;
        i = next;
    }
    return "";
}

ClientInfo ClientDirectory::fromStored(const Store::Client& client)
{
    ClientInfo info;
    info.clientId = client.clientId;
    info.kind = client.kind;
    const Json metadata = Json::parse(client.metadata, nullptr, false);
    if (metadata.is_discarded() || !metadata.is_object())
        throw OAuthError("invalid_client", "the client's stored registration cannot be read", 500);
    info.name = metadata.value("client_name", "");
    for (const auto& uri : metadata.value("redirect_uris", Json::array()))
        if (uri.is_string())
            info.redirectUris.push_back(uri.get<std::string>());
    info.tokenEndpointAuthMethod =
        metadata.value("token_endpoint_auth_method", client.hasSecret ? "client_secret_basic" : "none");
    return info;
}

ClientInfo ClientDirectory::parseMetadataDocument(const std::string& url, const std::string& json)
{
    const Json document = Json::parse(json, nullptr, false);
    if (document.is_discarded() || !document.is_object())
        throw OAuthError("invalid_client", "the client metadata document is not a JSON object");
    const auto id = document.find("client_id");
    if (id == document.end() || !id->is_string())
        throw OAuthError("invalid_client", "the client metadata document has no client_id");
    // The document speaks for the URL it was fetched from only if it names that URL, byte for byte: otherwise
    // anyone could host a copy of a well-known client's document and borrow its name.
    if (id->get<std::string>() != url)
        throw OAuthError("invalid_client", "the client metadata document's client_id differs from its URL");
    if (document.contains("client_secret") || document.contains("client_secret_expires_at"))
        throw OAuthError("invalid_client", "a client metadata document must not carry a client secret");
    const auto method = document.find("token_endpoint_auth_method");
    if (method != document.end() && !(method->is_string() && method->get<std::string>() == "none"))
        throw OAuthError("invalid_client",
                         "this server accepts client metadata documents of public clients only "
                         "(token_endpoint_auth_method \"none\")");
    ClientInfo info;
    info.clientId = url;
    info.kind = "cimd";
    info.name = clientNameOf(document, "invalid_client");
    info.redirectUris = redirectUrisOf(document, "invalid_client");
    info.tokenEndpointAuthMethod = "none";
    return info;
}

ClientInfo ClientDirectory::resolve(const std::string& clientId, std::int64_t now)
{
    if (clientId.empty())
        throw OAuthError("invalid_request", "the request has no client_id");
    if (!looksLikeMetadataUrl(clientId))
    {
        const auto client = _store.findClient(clientId);
        if (!client || client->kind != "dcr")
            throw OAuthError("invalid_client", "the client_id is not registered with this server");
        return fromStored(*client);
    }
    if (!_metadataDocuments)
        throw OAuthError("invalid_client", "this server does not accept client metadata documents");
    const std::string problem = problemWithMetadataUrl(clientId);
    if (!problem.empty())
        throw OAuthError("invalid_client", problem);
    const auto cached = _store.findClient(clientId);
    if (cached && cached->kind == "cimd" && cached->expiresAt > now)
        return fromStored(*cached);
    ClientMetadataFetcher::Document document;
    try
    {
        document = _fetcher.fetch(clientId);
    }
    catch (const ClientMetadataFetcher::Error& e)
    {
        // The fetcher's text names at most the host, never a body, so it may be shown and logged.
        Util::Log::warning("oauth", std::string("client metadata document not fetched: ") + e.what());
        throw OAuthError("invalid_client",
                         std::string("the client metadata document could not be fetched: ") + e.what());
    }
    ClientInfo info = parseMetadataDocument(clientId, document.json);
    const std::int64_t lifetime =
        std::clamp(document.maxAgeSeconds, MinimumCacheSeconds, MaximumCacheSeconds);
    Store::Client record;
    record.clientId = clientId;
    record.kind = "cimd";
    record.metadata = storedMetadata(info).dump();
    record.createdAt = now;
    record.expiresAt = now + lifetime;
    _store.saveClient(record, "");
    return info;
}

std::optional<ClientInfo> ClientDirectory::find(const std::string& clientId)
{
    if (clientId.empty())
        return std::nullopt;
    const auto client = _store.findClient(clientId);
    if (client)
        return fromStored(*client);
    if (_metadataDocuments && looksLikeMetadataUrl(clientId) && problemWithMetadataUrl(clientId).empty())
    {
        ClientInfo info;
        info.clientId = clientId;
        info.kind = "cimd";
        return info;
    }
    return std::nullopt;
}

Json ClientDirectory::registerClient(const std::string& body, std::int64_t now)
{
    if (!_dynamicRegistration)
        throw OAuthError("invalid_client_metadata", "this server does not accept dynamic client registration",
                         404);
    if (body.size() > MaximumRegistrationSize)
        throw OAuthError("invalid_client_metadata", "the registration request is larger than 16 KB");
    const Json request = Json::parse(body, nullptr, false);
    if (request.is_discarded() || !request.is_object())
        throw OAuthError("invalid_client_metadata", "the registration request is not a JSON object");

    ClientInfo info;
    info.kind = "dcr";
    info.redirectUris = redirectUrisOf(request, "invalid_redirect_uri");
    info.name = clientNameOf(request, "invalid_client_metadata");
    const auto method = request.find("token_endpoint_auth_method");
    if (method != request.end())
    {
        if (!method->is_string() || !contains(AuthMethods, method->get<std::string>()))
            throw OAuthError(
                "invalid_client_metadata",
                "token_endpoint_auth_method must be none, client_secret_post or client_secret_basic");
        info.tokenEndpointAuthMethod = method->get<std::string>();
    }
    const auto grantTypes = stringArray(request, "grant_types");
    if (request.contains("grant_types"))
    {
        if (!contains(grantTypes, "authorization_code"))
            throw OAuthError("invalid_client_metadata", "grant_types must include authorization_code");
        for (const auto& grant : grantTypes)
            if (grant != "authorization_code" && grant != "refresh_token")
                throw OAuthError("invalid_client_metadata",
                                 "grant_types may hold only authorization_code and refresh_token");
    }
    const auto responseTypes = stringArray(request, "response_types");
    for (const auto& type : responseTypes)
        if (type != "code")
            throw OAuthError("invalid_client_metadata", "response_types may hold only code");

    info.clientId = "omcp_" + Store::SecretHash::randomHex(16);
    std::string secret;
    if (info.confidential())
        secret = "omcp_cs_" + Store::SecretHash::generateSecret();
    Store::Client record;
    record.clientId = info.clientId;
    record.kind = "dcr";
    record.metadata = storedMetadata(info).dump();
    record.createdAt = now;
    record.hasSecret = info.confidential();
    _store.saveClient(record, secret);

    Json response = Json::object();
    response["client_id"] = info.clientId;
    response["client_id_issued_at"] = now;
    if (info.confidential())
    {
        response["client_secret"] = secret;
        response["client_secret_expires_at"] = 0;
    }
    if (!info.name.empty())
        response["client_name"] = info.name;
    response["redirect_uris"] = info.redirectUris;
    response["token_endpoint_auth_method"] = info.tokenEndpointAuthMethod;
    // Every client may refresh, and says so: ChatGPT refuses a registration answer without refresh_token.
    response["grant_types"] = {"authorization_code", "refresh_token"};
    response["response_types"] = {"code"};
    Util::Log::info("oauth",
                    "registered client " + info.clientId + " (" + info.tokenEndpointAuthMethod + ")");
    return response;
}

} // namespace OuraMcp::OAuth
