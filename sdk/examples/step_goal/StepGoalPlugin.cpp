// An example plugin: on how many days did I reach my step goal, and what is my streak?
// Everything hard (sign-in, HTTP, pages, the user's time zone, "last 30 days") is the host's: the plugin asks
// for the daily_activity collection over the user's days and shapes the answer.
#include <oura_mcp/plugin.hpp>
#include <oura_mcp/plugin_json.hpp>

#include <algorithm>
#include <string>

namespace {

const char* const kInputSchema = R"({
  "type": "object",
  "properties": {
    "start_date": {"type": "string", "description": "First day: ISO date or a phrase such as 'last 30 days'"},
    "end_date": {"type": "string", "description": "Last day, inclusive; defaults to start_date's range end"},
    "goal": {"type": "integer", "minimum": 1, "description": "Steps per day; default: the plugin setting or 8000"}
  },
  "additionalProperties": false
})";

const char* const kOutputSchema = R"({
  "type": "object",
  "properties": {
    "range": {"type": "object"},
    "goal": {"type": "integer"},
    "days_with_data": {"type": "integer"},
    "days_met": {"type": "integer"},
    "longest_streak": {"type": "integer"},
    "current_streak": {"type": "integer"},
    "missed": {"type": "array", "items": {"type": "object"}}
  },
  "required": ["range", "goal", "days_with_data", "days_met", "longest_streak", "current_streak"]
})";

int configuredGoal()
{
    // plugins.step_goal.goal in the user's config file; a plugin sees only its own settings.
    const auto value = omcp::Host::config("goal");
    try
    {
        return value ? std::max(1, std::stoi(*value)) : 8000;
    }
    catch (const std::exception&)
    {
        omcp::Host::log(OMCP_LOG_WARNING, "plugins.step_goal.goal is not a number; using 8000");
        return 8000;
    }
}

void stepGoal(omcp::Call& call, const std::string& argsJson)
{
    const auto args = omcp::parseArgs(argsJson);
    const std::string start = omcp::stringArg(args, "start_date", "last 30 days");
    const std::string end = omcp::stringArg(args, "end_date");
    const int goal = args.contains("goal") ? args["goal"].get<int>() : configuredGoal();

    // Throws omcp::Error with the host's advice (sign in, missing scope, rate limit...) on failure.
    const omcp::Response response = call.collection("daily_activity", start, end);

    int met = 0, longest = 0, current = 0;
    nlohmann::json missed = nlohmann::json::array();
    const auto days = omcp::documents(omcp::parseBody(response));
    for (const auto& day : days) // one document per day, in day order
    {
        const int steps = day.value("steps", 0);
        if (steps >= goal)
        {
            ++met;
            longest = std::max(longest, ++current);
        }
        else
        {
            current = 0;
            missed.push_back({{"day", day.value("day", "")}, {"steps", steps}});
        }
    }
    omcp::jsonResult(call, {{"range", omcp::rangeOf(response)},
                            {"goal", goal},
                            {"days_with_data", days.size()},
                            {"days_met", met},
                            {"longest_streak", longest},
                            {"current_streak", current},
                            {"missed", missed}});
}

void setUp(omcp::Registrar& registrar)
{
    registrar.tool(
        {"get_step_goal_streak", "Step goal streak",
         "Counts the days on which the user reached a daily step goal, the longest and the current "
         "streak, and lists the days missed. Use it for 'did I hit 10k steps this month'.",
         kInputSchema, kOutputSchema, "daily", OMCP_TOOL_READ_ONLY, stepGoal});
}

} // namespace

// id (= file stem), version, description, the OAuth scopes the plugin needs, and the set-up function.
OMCP_PLUGIN("step_goal", "1.0.0", "Step goal streaks from daily activity", OMCP_SCOPES("daily"), setUp)
