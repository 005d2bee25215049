#include "util/SchemaValidator.h"

#include <gtest/gtest.h>

using OuraMcp::Json;
using OuraMcp::Util::SchemaValidator;

namespace {

std::string problem(const Json& schema, const Json& value)
{
    auto p = SchemaValidator::validate(schema, value, "arguments");
    return p ? *p : std::string("OK");
}

const Json kSleepArgs = Json::parse(R"({
    "type": "object",
    "properties": {
        "start_date": {"type": "string", "pattern": "^\\d{4}-\\d{2}-\\d{2}$"},
        "end_date": {"type": "string"},
        "limit": {"type": "integer", "minimum": 1, "maximum": 31},
        "ratio": {"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 1},
        "kind": {"enum": ["daily", "detailed"]},
        "version": {"const": 2},
        "range": {"type": "object", "properties": {"start": {"type": "string"}}, "required": ["start"]},
        "days": {"type": "array", "items": {"type": "string", "minLength": 2}, "minItems": 1, "maxItems": 3},
        "label": {"type": ["string", "null"], "maxLength": 3}
    },
    "required": ["start_date"],
    "additionalProperties": false
})");

} // namespace

TEST(SchemaValidator, AcceptsConformingArguments)
{
    EXPECT_EQ(
        problem(kSleepArgs, Json{{"start_date", "2024-05-01"}, {"end_date", "2024-05-02"}, {"limit", 7}}),
        "OK");
    EXPECT_EQ(problem(kSleepArgs, Json{{"start_date", "2024-05-01"}, {"label", nullptr}}), "OK");
}

TEST(SchemaValidator, NamesTheArgumentAndTheExpectedType)
{
    EXPECT_EQ(problem(kSleepArgs, Json{{"start_date", "2024-05-01"}, {"end_date", 5}}),
              "end_date must be a string");
    EXPECT_EQ(problem(kSleepArgs, Json::array()), "arguments must be an object");
    EXPECT_EQ(problem(kSleepArgs, Json{{"start_date", "2024-05-01"}, {"label", 1}}),
              "label must be a string or null");
}

TEST(SchemaValidator, IntegerVersusNumber)
{
    EXPECT_EQ(problem(kSleepArgs, Json{{"start_date", "2024-05-01"}, {"limit", 2.5}}),
              "limit must be an integer");
    EXPECT_EQ(problem(kSleepArgs, Json{{"start_date", "2024-05-01"}, {"limit", 2.0}}), "OK");
    EXPECT_EQ(problem(kSleepArgs, Json{{"start_date", "2024-05-01"}, {"limit", "2"}}),
              "limit must be an integer");
    EXPECT_EQ(problem(kSleepArgs, Json{{"start_date", "2024-05-01"}, {"ratio", 1}}), "ratio must be < 1");
}

TEST(SchemaValidator, RequiredAndUnknownProperties)
{
    EXPECT_EQ(problem(kSleepArgs, Json::object()), "start_date is required");
    EXPECT_EQ(problem(kSleepArgs, Json{{"start_date", "2024-05-01"}, {"foo", 1}}),
              "arguments has an unknown property 'foo' (allowed: start_date, end_date, limit, ratio, kind, "
              "version, "
              "range, days, label)");
    EXPECT_EQ(problem(Json{{"type", "object"}, {"additionalProperties", false}}, Json{{"x", 1}}),
              "arguments has an unknown property 'x' (allowed: none)");
    EXPECT_EQ(
        problem(Json{{"type", "object"}, {"additionalProperties", {{"type", "integer"}}}}, Json{{"x", "1"}}),
        "x must be an integer");
}

TEST(SchemaValidator, BoundsEnumConstAndPattern)
{
    const Json base{{"start_date", "2024-05-01"}};
    auto with = [&](const char* key, Json v) {
        Json j = base;
        j[key] = std::move(v);
        return j;
    };
    EXPECT_EQ(problem(kSleepArgs, with("limit", 0)), "limit must be >= 1");
    EXPECT_EQ(problem(kSleepArgs, with("limit", 32)), "limit must be <= 31");
    EXPECT_EQ(problem(kSleepArgs, with("ratio", 0)), "ratio must be > 0");
    EXPECT_EQ(problem(kSleepArgs, with("kind", "weekly")), "kind must be one of: \"daily\", \"detailed\"");
    EXPECT_EQ(problem(kSleepArgs, with("version", 3)), "version must be 2");
    EXPECT_EQ(problem(kSleepArgs, Json{{"start_date", "May 1st"}}),
              "start_date must match the pattern ^\\d{4}-\\d{2}-\\d{2}$");
    // Patterns are not anchored unless they say so (JSON Schema semantics).
    EXPECT_EQ(problem(Json{{"type", "string"}, {"pattern", "b"}}, "abc"), "OK");
}

TEST(SchemaValidator, LengthsCountCodePoints)
{
    const Json schema{{"type", "string"}, {"minLength", 2}, {"maxLength", 3}};
    EXPECT_EQ(problem(schema, "\xC3\xA9\xC3\xA9\xC3\xA9"), "OK"); // three code points, six bytes
    EXPECT_EQ(problem(schema, "a"), "arguments must be at least 2 characters long");
    EXPECT_EQ(problem(schema, "abcd"), "arguments must be at most 3 characters long");
}

TEST(SchemaValidator, NestedPathsAndArrays)
{
    const Json base{{"start_date", "2024-05-01"}};
    Json v = base;
    v["range"] = Json{{"start", 1}};
    EXPECT_EQ(problem(kSleepArgs, v), "range.start must be a string");
    v["range"] = Json::object();
    EXPECT_EQ(problem(kSleepArgs, v), "range.start is required");
    v = base;
    v["days"] = Json{"mo", "t"};
    EXPECT_EQ(problem(kSleepArgs, v), "days[1] must be at least 2 characters long");
    v["days"] = Json::array();
    EXPECT_EQ(problem(kSleepArgs, v), "days must have at least 1 item");
    v["days"] = Json{"mo", "tu", "we", "th"};
    EXPECT_EQ(problem(kSleepArgs, v), "days must have at most 3 items");
}

TEST(SchemaValidator, MemberPrefixForStructuredContent)
{
    const Json schema{{"type", "object"}, {"properties", {{"count", {{"type", "integer"}}}}}};
    EXPECT_EQ(
        *SchemaValidator::validate(schema, Json{{"count", "x"}}, "structuredContent", "structuredContent."),
        "structuredContent.count must be an integer");
}

TEST(SchemaValidator, Combinators)
{
    const Json anyOf = Json::parse(R"({"anyOf":[{"type":"string"},{"type":"integer"}]})");
    EXPECT_EQ(problem(anyOf, 3), "OK");
    EXPECT_EQ(problem(anyOf, true),
              "arguments does not match any of the allowed forms (first: arguments must be a string)");
    const Json oneOf = Json::parse(R"({"oneOf":[{"type":"number"},{"type":"integer"}]})");
    EXPECT_EQ(problem(oneOf, 1.5), "OK");
    EXPECT_EQ(problem(oneOf, 1), "arguments matches more than one of the allowed forms");
    const Json allOf = Json::parse(R"({"allOf":[{"type":"integer"},{"minimum":5}]})");
    EXPECT_EQ(problem(allOf, 4), "arguments must be >= 5");
    EXPECT_EQ(problem(Json(false), 1), "arguments is not allowed");
    EXPECT_EQ(problem(Json(true), 1), "OK");
    // default and unknown keywords are ignored
    EXPECT_EQ(problem(Json{{"type", "string"}, {"default", 3}, {"format", "date"}}, "x"), "OK");
}

TEST(SchemaValidator, CheckSchemaRejectsWhatItCannotValidate)
{
    EXPECT_FALSE(SchemaValidator::checkSchema(kSleepArgs).has_value());
    EXPECT_EQ(*SchemaValidator::checkSchema(Json{{"type", "strin"}}),
              "schema.type names an unknown type \"strin\"");
    EXPECT_NE(SchemaValidator::checkSchema(Json::parse(R"({"properties":{"a":{"pattern":"("}}})"))
                  ->find("schema.properties.a.pattern \"(\" is not a valid ECMAScript regex"),
              std::string::npos);
    EXPECT_NE(
        SchemaValidator::checkSchema(Json::parse(R"({"properties":{"a":{"$ref":"#/x"}}})"))->find("$ref"),
        std::string::npos);
    EXPECT_EQ(*SchemaValidator::checkSchema(Json{{"required", "a"}}),
              "schema.required must be an array of property names");
    EXPECT_EQ(*SchemaValidator::checkSchema(Json{{"minLength", -1}}),
              "schema.minLength must be a non-negative integer");
    EXPECT_EQ(*SchemaValidator::checkSchema(Json::array()), "schema must be an object or a boolean");
}
