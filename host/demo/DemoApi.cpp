#include "demo/DemoApi.h"

#include "demo/DemoZone.h"
#include "util/Base64Url.h"

#include <Poco/String.h>
#include <Poco/URI.h>

#include <algorithm>
#include <cstring>
#include <set>
#include <sstream>

namespace OuraMcp::Demo {

namespace {

const char* const kUserPrefix = "/v2/usercollection/";
const char* const kSandboxPrefix = "/v2/sandbox/usercollection/";

Oura::HttpResponse jsonResponse(int status, const Json& body)
{
    Oura::HttpResponse response;
    response.status = status;
    response.headers.emplace_back("Content-Type", "application/json");
    response.body = body.dump();
    return response;
}

/// {"data": data, "next_token": next}, built by moving: an initializer list would copy every document once
/// more (and sixteen time-series windows are answered at once).
Oura::HttpResponse page(Json data, Json next)
{
    Json body = Json::object();
    body["data"] = std::move(data);
    body["next_token"] = std::move(next);
    return jsonResponse(200, body);
}

Oura::HttpResponse detail(int status, const std::string& text)
{
    return jsonResponse(status, Json{{"detail", text}});
}

const std::string* param(const Oura::QueryParams& query, const std::string& name)
{
    for (const auto& [key, value] : query)
        if (key == name)
            return &value;
    return nullptr;
}

// ---- next_token: base64url("v1|<kind>|<collection>|<a>|<b>|<c>") -----------------------------------------

struct Cursor
{
    std::string collection;
    std::int64_t a = 0; // documents: from wall; series: from utc
    std::int64_t b = 0; // documents: to wall;   series: to utc
    std::int64_t c = 0; // documents: offset;    series: resume at utc
};

std::string encodeCursor(const Cursor& cursor)
{
    std::ostringstream text;
    text << "v1|" << cursor.collection << '|' << cursor.a << '|' << cursor.b << '|' << cursor.c;
    return Util::Base64Url::encode(text.str());
}

bool decodeCursor(const std::string& token, const std::string& collection, Cursor& cursor)
{
    const auto text = Util::Base64Url::decode(token);
    if (!text)
        return false;
    std::vector<std::string> parts;
    std::string part;
    std::istringstream stream(*text);
    while (std::getline(stream, part, '|'))
        parts.push_back(part);
    if (parts.size() != 5 || parts[0] != "v1" || parts[1] != collection)
        return false;
    try
    {
        cursor.collection = parts[1];
        cursor.a = std::stoll(parts[2]);
        cursor.b = std::stoll(parts[3]);
        cursor.c = std::stoll(parts[4]);
    }
    catch (const std::exception&)
    {
        return false;
    }
    return cursor.c >= 0;
}

// ---- parameters
// ---------------------------------------------------------------------------------------------

struct Bound
{
    bool present = false;
    bool dateOnly = false;
    std::int64_t day = 0;     // when dateOnly
    std::int64_t instant = 0; // when a date-time
};

Json validationError(const std::string& name, const std::string& input, const std::string& type,
                     const std::string& message)
{
    return Json{{"type", type}, {"loc", Json::array({"query", name})}, {"msg", message}, {"input", input}};
}

// Reads start_date/end_date (date or date-time) into a bound; records a 422 entry if unreadable.
Bound readDateParam(const Oura::QueryParams& query, const std::string& name, Json& errors)
{
    Bound bound;
    const std::string* value = param(query, name);
    if (!value || value->empty())
        return bound;
    bound.present = true;
    if (const auto day = DemoZone::parseDay(*value))
    {
        bound.dateOnly = true;
        bound.day = *day;
    }
    else if (const auto instant = DemoZone::parseDateTime(*value))
        bound.instant = *instant;
    else
        errors.push_back(validationError(name, *value, "date_from_datetime_parsing",
                                         "Input should be a valid date or datetime"));
    return bound;
}

Bound readDateTimeParam(const Oura::QueryParams& query, const std::string& name, Json& errors)
{
    Bound bound;
    const std::string* value = param(query, name);
    if (!value || value->empty())
        return bound;
    bound.present = true;
    if (const auto instant = DemoZone::parseDateTime(*value))
        bound.instant = *instant;
    else if (const auto day = DemoZone::parseDay(*value))
        bound.instant = DemoZone::localToUtc(*day, 0); // pydantic accepts a bare date for a datetime
    else
        errors.push_back(validationError(name, *value, "datetime_from_date_parsing",
                                         "Input should be a valid datetime or date"));
    return bound;
}

std::int64_t wallOf(const Bound& bound)
{
    return bound.dateOnly ? bound.day * 86400 : DemoZone::utcToLocalWall(bound.instant);
}

std::set<std::string> readFields(const Oura::QueryParams& query)
{
    std::set<std::string> fields;
    const std::string* value = param(query, "fields");
    if (!value)
        return fields;
    std::istringstream stream(*value);
    std::string field;
    while (std::getline(stream, field, ','))
    {
        field = Poco::trim(field);
        if (!field.empty())
            fields.insert(field);
    }
    return fields;
}

Json selectFields(Json document, const std::set<std::string>& fields,
                  std::initializer_list<const char*> always)
{
    if (fields.empty())
        return document;
    Json out = Json::object();
    for (auto it = document.begin(); it != document.end(); ++it)
    {
        bool keep = fields.count(it.key()) > 0;
        for (const char* name : always)
            keep = keep || it.key() == name;
        if (keep)
            out[it.key()] = std::move(it.value());
    }
    return out;
}

bool fieldsSupported(const std::string& collection)
{
    return collection != "daily_resilience" && collection != "enhanced_tag" && collection != "tag";
}

} // namespace

DemoApi::DemoApi(std::shared_ptr<const Dataset> dataset, DemoApiOptions options)
    : _dataset(std::move(dataset)), _options(options)
{
    if (_options.timeSeriesPageSize == 0)
        _options.timeSeriesPageSize = 1;
}

std::string DemoApi::requiredScope(const std::string& collection)
{
    static const std::vector<std::pair<std::string, std::string>> scopes{
        {"daily_activity", "daily"},
        {"daily_readiness", "daily"},
        {"daily_sleep", "daily"},
        {"daily_stress", "daily"},
        {"sleep", "daily"},
        {"sleep_time", "daily"},
        {"rest_mode_period", "daily"},
        {"daily_cardiovascular_age", "heart_health"},
        {"vO2_max", "heart_health"},
        {"vo2_max", "heart_health"},
        {"daily_resilience", "stress"},
        {"daily_spo2", "spo2"},
        {"heartrate", "heartrate"},
        {"enhanced_tag", "tag"},
        {"tag", "tag"},
        {"session", "session"},
        {"workout", "workout"},
        {"ring_configuration", "ring_configuration"},
        {"ring_battery_level", "ring_configuration"}};
    for (const auto& [name, scope] : scopes)
        if (name == collection)
            return scope;
    return {};
}

bool DemoApi::parseRoute(const std::string& fullPath, std::string& collection, std::string& documentId,
                         bool& sandbox)
{
    const std::string path = fullPath.substr(0, fullPath.find('?'));
    std::string rest;
    if (path.rfind(kSandboxPrefix, 0) == 0)
    {
        sandbox = true;
        rest = path.substr(std::strlen(kSandboxPrefix));
    }
    else if (path.rfind(kUserPrefix, 0) == 0)
    {
        sandbox = false;
        rest = path.substr(std::strlen(kUserPrefix));
    }
    else
        return false;
    const auto slash = rest.find('/');
    collection = rest.substr(0, slash);
    documentId = slash == std::string::npos ? std::string() : rest.substr(slash + 1);
    if (collection == "vo2_max")
        collection = "vO2_max";
    if (slash != std::string::npos && (documentId.empty() || documentId.find('/') != std::string::npos))
        return false;
    return !collection.empty();
}

Oura::HttpResponse DemoApi::handle(const Oura::HttpRequest& request) const
{
    try
    {
        std::string collection;
        std::string documentId;
        bool sandbox = false;
        if (!parseRoute(request.path, collection, documentId, sandbox))
            return detail(404, "Not Found");
        const bool known = Dataset::isDocumentCollection(collection) ||
                           Dataset::isTimeSeriesCollection(collection) ||
                           (collection == "personal_info" && !sandbox);
        if (!known)
            return detail(404, "Not Found");
        if (Poco::toUpper(request.method) != "GET")
            return detail(405, "Method Not Allowed");

        Oura::QueryParams query = request.query;
        const auto mark = request.path.find('?');
        if (mark != std::string::npos)
        {
            const Poco::URI uri("http://x/" + request.path.substr(mark));
            for (const auto& pair : uri.getQueryParameters())
                query.push_back(pair);
        }

        if (collection == "personal_info")
        {
            if (!documentId.empty())
                return detail(404, "Not Found");
            return jsonResponse(200, _dataset->personalInfo());
        }
        if (!documentId.empty())
        {
            if (Dataset::isTimeSeriesCollection(collection))
                return detail(404, "Not Found");
            if (const auto document = _dataset->document(collection, documentId))
                return jsonResponse(200, *document);
            return detail(404, "Document not found.");
        }
        return list(collection, sandbox, query);
    }
    catch (const std::exception& error)
    {
        return detail(500, std::string("Internal Server Error: ") + error.what());
    }
}

Oura::HttpResponse DemoApi::list(const std::string& collection, bool sandbox,
                                 const Oura::QueryParams& query) const
{
    Json errors = Json::array();
    const bool series = Dataset::isTimeSeriesCollection(collection);
    const std::set<std::string> fields =
        sandbox || !fieldsSupported(collection) ? std::set<std::string>() : readFields(query);
    const std::string* token = param(query, "next_token");
    if (token && token->empty())
        token = nullptr;

    if (series)
    {
        const Bound start = readDateTimeParam(query, "start_datetime", errors);
        const Bound end = readDateTimeParam(query, "end_datetime", errors);
        Json dateErrors = Json::array(); // start_date/end_date are not parameters of these routes
        const bool datesOnly = !start.present && !end.present &&
                               (readDateParam(query, "start_date", dateErrors).present ||
                                readDateParam(query, "end_date", dateErrors).present);
        bool latest = false;
        if (const std::string* value = param(query, "latest"); value && !sandbox)
        {
            const std::string v = Poco::toLower(*value);
            if (v == "true" || v == "1" || v == "yes" || v == "on" || v == "t" || v == "y")
                latest = true;
            else if (!(v == "false" || v == "0" || v == "no" || v == "off" || v == "f" || v == "n"))
                errors.push_back(
                    validationError("latest", *value, "bool_parsing",
                                    "Input should be a valid boolean, unable to interpret input"));
        }
        if (!errors.empty())
            return jsonResponse(422, Json{{"detail", errors}});

        const auto pick = [&](Json row) {
            return selectFields(std::move(row), fields, {"timestamp", "timestamp_unix"});
        };
        Json data = Json::array();
        if (datesOnly && !token)
            return page(std::move(data), nullptr);

        std::int64_t to = end.present ? end.instant : _dataset->nowUtc();
        std::int64_t from = start.present ? start.instant : to - 86400;
        if (latest && !token)
        {
            if (auto row = _dataset->latest(collection, to))
                data.push_back(pick(std::move(*row)));
            return page(std::move(data), nullptr);
        }
        std::int64_t resume = from;
        if (token)
        {
            Cursor cursor;
            if (!decodeCursor(*token, collection, cursor))
                return detail(400, "Invalid next_token.");
            from = cursor.a;
            to = cursor.b;
            resume = cursor.c;
        }
        const std::size_t pageSize = _options.timeSeriesPageSize;
        auto rows = collection == "heartrate" ? _dataset->heartRate(resume, to, pageSize + 1)
                                              : _dataset->ringBatteryLevel(resume, to, pageSize + 1);
        Json next = nullptr;
        if (rows.size() > pageSize)
        {
            next = encodeCursor(
                {collection, from, to, rows[pageSize]["timestamp_unix"].get<std::int64_t>() / 1000});
            rows.resize(pageSize);
        }
        for (auto& row : rows)
            data.push_back(pick(std::move(row)));
        rows.clear();
        return page(std::move(data), std::move(next));
    }

    const Bound start = readDateParam(query, "start_date", errors);
    const Bound end = readDateParam(query, "end_date", errors);
    if (!errors.empty())
        return jsonResponse(422, Json{{"detail", errors}});

    std::int64_t toWall = end.present ? wallOf(end) : _dataset->todayNumber() * 86400 + 86399;
    std::int64_t fromWall = start.present ? wallOf(start) : (toWall / 86400 - 7) * 86400;
    std::int64_t offset = 0;
    if (token)
    {
        Cursor cursor;
        if (!decodeCursor(*token, collection, cursor))
            return detail(400, "Invalid next_token.");
        fromWall = cursor.a;
        toWall = cursor.b;
        offset = cursor.c;
    }
    const auto documents = _dataset->documents(collection, fromWall, toWall);
    const std::size_t first = std::min(documents.size(), static_cast<std::size_t>(offset));
    std::size_t last = documents.size();
    if (_options.documentPageSize > 0)
        last = std::min(last, first + _options.documentPageSize);
    Json data = Json::array();
    for (std::size_t i = first; i < last; ++i)
        data.push_back(selectFields(documents[i].json, fields, {"id", "day"}));
    Json next = nullptr;
    if (last < documents.size())
        next = encodeCursor({collection, fromWall, toWall, static_cast<std::int64_t>(last)});
    return page(std::move(data), std::move(next));
}

} // namespace OuraMcp::Demo
