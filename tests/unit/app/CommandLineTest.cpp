#include "app/CommandLine.h"

#include <gtest/gtest.h>

#include <stdexcept>

using OuraMcp::App::CommandLine;

namespace {

std::string usageError(const std::vector<std::string>& args)
{
    try
    {
        CommandLine::parse(args);
    }
    catch (const std::invalid_argument& e)
    {
        return e.what();
    }
    return "(accepted)";
}

} // namespace

TEST(CommandLine, CallTakesToolArgumentsAndOptionsInAnyOrder)
{
    auto cl = CommandLine::parse(
        {"call", "get_daily_sleep", "--demo", "start_date=yesterday", "--json", "include=[\"hrv\"]"});
    EXPECT_EQ(cl.command, CommandLine::Command::Call);
    EXPECT_EQ(cl.mode, CommandLine::Mode::Demo);
    EXPECT_TRUE(cl.json);
    EXPECT_EQ(cl.commandArgs,
              (std::vector<std::string>{"get_daily_sleep", "start_date=yesterday", "include=[\"hrv\"]"}));
}

TEST(CommandLine, DoubleDashPassesOptionLookingWordsToTheTool)
{
    auto cl = CommandLine::parse({"call", "echo", "--", "--json", "text=-1"});
    EXPECT_FALSE(cl.json);
    EXPECT_EQ(cl.commandArgs, (std::vector<std::string>{"echo", "--json", "text=-1"}));
}

TEST(CommandLine, ResourcesListOrReadOneUri)
{
    EXPECT_TRUE(CommandLine::parse({"resources"}).commandArgs.empty());
    auto read = CommandLine::parse({"resources", "read", "oura://summary/today"});
    EXPECT_EQ(read.command, CommandLine::Command::Resources);
    EXPECT_EQ(read.commandArgs, (std::vector<std::string>{"read", "oura://summary/today"}));
    EXPECT_NE(usageError({"resources", "read"}).find("exactly one URI"), std::string::npos);
    EXPECT_NE(usageError({"resources", "get", "x"}).find("unknown resources sub-command 'get'"),
              std::string::npos);
}

TEST(CommandLine, UsageErrorsNameTheProblem)
{
    EXPECT_NE(usageError({"call"}).find("call needs a tool name"), std::string::npos);
    EXPECT_EQ(CommandLine::parse({"tools", "get_daily_sleep"}).commandArgs,
              std::vector<std::string>{"get_daily_sleep"});
    EXPECT_NE(usageError({"tools", "one", "two"}).find("unknown argument 'two'"), std::string::npos);
    EXPECT_NE(usageError({"serve", "--json"}).find("--json applies to"), std::string::npos);
    EXPECT_NE(usageError({"doctor", "--bogus"}).find("unknown argument '--bogus'"), std::string::npos);
    EXPECT_EQ(usageError({"doctor", "--json", "--sandbox"}), "(accepted)");
}

TEST(CommandLine, AuthStillTakesEveryLaterWord)
{
    auto cl = CommandLine::parse({"auth", "login", "--port", "8765", "--json"});
    EXPECT_EQ(cl.command, CommandLine::Command::Auth);
    EXPECT_EQ(cl.commandArgs, (std::vector<std::string>{"login", "--port", "8765", "--json"}));
}

TEST(CommandLine, HelpWinsOverACommand)
{
    EXPECT_EQ(CommandLine::parse({"call", "--help"}).command, CommandLine::Command::Help);
    EXPECT_EQ(CommandLine::parse({"help"}).command, CommandLine::Command::Help);
    const std::string usage = CommandLine::usage();
    for (const char* command :
         {"tools", "call TOOL", "resources read URI", "doctor", "plugins", "auth login"})
        EXPECT_NE(usage.find(std::string("oura-mcp ") + command), std::string::npos) << command;
}

TEST(CommandLine, ServeOverHttpWithOptionalTls)
{
    auto cl = CommandLine::parse({"serve", "--demo", "--http", "127.0.0.1:8080"});
    EXPECT_EQ(cl.command, CommandLine::Command::Serve);
    EXPECT_EQ(cl.http, "127.0.0.1:8080");
    cl = CommandLine::parse({"--http=0", "--tls-cert", "c.pem", "--tls-key", "k.pem"});
    EXPECT_EQ(cl.http, "0");
    EXPECT_EQ(cl.tlsCert, "c.pem");
    EXPECT_EQ(cl.tlsKey, "k.pem");
    EXPECT_THROW(CommandLine::parse({"tools", "--http", "8080"}), std::invalid_argument);
    EXPECT_THROW(CommandLine::parse({"--http", "8080", "--tls-cert", "c.pem"}), std::invalid_argument);
    EXPECT_THROW(CommandLine::parse({"--tls-cert", "c.pem", "--tls-key", "k.pem"}), std::invalid_argument);
    EXPECT_THROW(CommandLine::parse({"--http"}), std::invalid_argument);
}

TEST(CommandLine, RemoteServingAndTheUsersCommand)
{
    auto cl = CommandLine::parse({"serve", "--http", "0.0.0.0:8080", "--public-url",
                                  "https://mcp.example.com", "--store", "postgresql://db/oura"});
    EXPECT_EQ(cl.publicUrl, "https://mcp.example.com");
    EXPECT_EQ(cl.store, "postgresql://db/oura");
    EXPECT_THROW(CommandLine::parse({"serve", "--public-url", "https://mcp.example.com"}),
                 std::invalid_argument)
        << "--public-url is for --http";
    EXPECT_THROW(CommandLine::parse({"tools", "--store", "sqlite:x"}), std::invalid_argument);

    cl = CommandLine::parse({"users"});
    EXPECT_EQ(cl.command, CommandLine::Command::Users);
    EXPECT_TRUE(cl.commandArgs.empty());
    cl = CommandLine::parse({"users", "delete", "u_0123", "--store", "sqlite:/tmp/u.db", "--json"});
    EXPECT_EQ(cl.commandArgs, (std::vector<std::string>{"delete", "u_0123"}));
    EXPECT_TRUE(cl.json);
    EXPECT_THROW(CommandLine::parse({"users", "delete"}), std::invalid_argument);
    EXPECT_THROW(CommandLine::parse({"users", "list", "extra"}), std::invalid_argument);
    EXPECT_THROW(CommandLine::parse({"users", "wipe", "u_1"}), std::invalid_argument);
    EXPECT_EQ(CommandLine::parse({"users", "reseal"}).commandArgs, std::vector<std::string>{"reseal"});
    EXPECT_THROW(CommandLine::parse({"users", "reseal", "u_1"}), std::invalid_argument);
}

TEST(CommandLine, DemoModeTakesTheBundleBooleanAsMcpbHostsSubstituteIt)
{
    // The .mcpb manifest passes "--demo-mode=${user_config.demo_mode}"; the host substitutes true or false.
    EXPECT_EQ(CommandLine::parse({"--demo-mode=true"}).mode, CommandLine::Mode::Demo);
    EXPECT_EQ(CommandLine::parse({"--demo-mode=false"}).mode, CommandLine::Mode::Live);
    EXPECT_EQ(CommandLine::parse({"auth", "status", "--demo-mode=true"}).commandArgs,
              (std::vector<std::string>{"status", "--demo-mode=true"})); // auth takes every later word
    EXPECT_EQ(CommandLine::parse({"--demo-mode=true", "tools"}).mode, CommandLine::Mode::Demo);
    // false does not undo another mode chosen on the same line.
    EXPECT_EQ(CommandLine::parse({"--sandbox", "--demo-mode=false"}).mode, CommandLine::Mode::Sandbox);
    EXPECT_EQ(CommandLine::parse({"--demo", "--demo-mode=false"}).mode, CommandLine::Mode::Demo);

    // A setting the host left blank arrives as "" or as the placeholder itself: not set, so not demo.
    EXPECT_EQ(CommandLine::parse({"--demo-mode="}).mode, CommandLine::Mode::Live);
    EXPECT_EQ(CommandLine::parse({"--demo-mode=${user_config.demo_mode}"}).mode, CommandLine::Mode::Live);

    EXPECT_EQ(usageError({"--demo-mode=yes"}), "--demo-mode takes true or false, not 'yes'");
    EXPECT_EQ(usageError({"--demo-mode=True"}), "--demo-mode takes true or false, not 'True'");
    EXPECT_EQ(usageError({"--demo-mode"}),
              "--demo-mode needs a value: --demo-mode=true or --demo-mode=false");
    EXPECT_EQ(usageError({"--demo-mode=true", "--sandbox"}), "--demo and --sandbox exclude each other");
    EXPECT_EQ(usageError({"--sandbox", "--demo-mode=true"}), "--demo and --sandbox exclude each other");
    EXPECT_EQ(usageError({"--demo", "--sandbox"}), "--demo and --sandbox exclude each other");
    EXPECT_NE(CommandLine::usage().find("--demo-mode=true|false"), std::string::npos);
}
