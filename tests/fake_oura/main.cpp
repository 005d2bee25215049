// fake-oura-api: runs FakeOuraServer as a process for integration and npm interop tests.
// Prints exactly one line to stdout,
//   {"port":N,"base_url":"http://127.0.0.1:N","users":{"default":"<personal_info id>",...}},
// then serves until stdin reaches EOF or the process receives SIGTERM/SIGINT. Diagnostics go to stderr.

#include "FakeOuraServer.h"
#include "util/Json.h"

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <pthread.h>
#include <string>
#include <thread>
#include <unistd.h>

namespace {

void usage()
{
    std::cerr
        << "usage: fake-oura-api [--access-token TOKEN]... [--refresh-token TOKEN]... [--today YYYY-MM-DD]\n"
           "                     [--latency-ms N] [--page-size N] [--document-page-size N] [--seed N]\n"
           "                     [--client-id ID] [--client-secret SECRET] [--redirect-uri URI]\n"
           "                     [--scope-status 401|403] [--new-portal] [--ignore-stdin]\n"
           "                     [--user NAME:SEED]... [--default-user NAME]\n"
           "Without --today the data ends at the system clock's date. Serves until stdin reaches EOF\n"
           "(unless --ignore-stdin) or SIGTERM/SIGINT arrives. --page-size sets time-series rows per page.\n"
           "--user adds a fake user with its own dataset (and personal_info id); /oauth/authorize signs in\n"
           "the user its fake_user query parameter names, else --default-user (default: \"default\").\n";
}

} // namespace

int main(int argc, char** argv)
{
    using OuraMcp::Testing::FakeOuraServer;
    FakeOuraServer::Options options;
    std::vector<std::string> accessTokens;
    std::vector<std::string> refreshTokens;
    bool watchStdin = true;
    try
    {
        for (int i = 1; i < argc; ++i)
        {
            const std::string arg = argv[i];
            auto next = [&]() -> std::string {
                if (i + 1 >= argc)
                    throw std::invalid_argument(arg + " needs a value");
                return argv[++i];
            };
            if (arg == "--access-token")
                accessTokens.push_back(next());
            else if (arg == "--refresh-token")
                refreshTokens.push_back(next());
            else if (arg == "--today")
                options.today = next();
            else if (arg == "--latency-ms")
                options.latencyMs = std::stoi(next());
            else if (arg == "--page-size")
                options.api.timeSeriesPageSize = static_cast<std::size_t>(std::stoul(next()));
            else if (arg == "--document-page-size")
                options.api.documentPageSize = static_cast<std::size_t>(std::stoul(next()));
            else if (arg == "--seed")
                options.seed = std::stoull(next());
            else if (arg == "--client-id")
                options.clientId = next();
            else if (arg == "--client-secret")
                options.clientSecret = next();
            else if (arg == "--redirect-uri")
                options.redirectUri = next();
            else if (arg == "--scope-status")
                options.missingScopeStatus = std::stoi(next());
            else if (arg == "--new-portal")
                options.newPortalMode = true;
            else if (arg == "--user")
            {
                const std::string value = next();
                const auto colon = value.rfind(':');
                if (colon == std::string::npos || colon == 0)
                    throw std::invalid_argument("--user needs NAME:SEED");
                options.users[value.substr(0, colon)] = std::stoull(value.substr(colon + 1));
            }
            else if (arg == "--default-user")
                options.defaultUser = next();
            else if (arg == "--ignore-stdin")
                watchStdin = false;
            else if (arg == "--help" || arg == "-h")
            {
                usage();
                return 0;
            }
            else
                throw std::invalid_argument("unknown option " + arg);
        }
    }
    catch (const std::exception& error)
    {
        std::cerr << "fake-oura-api: " << error.what() << "\n";
        usage();
        return 2;
    }

    // Block the stop signals in every thread (the server's threads inherit this mask) and collect them with
    // sigwait below; the stdin watcher turns EOF into a SIGTERM to the process.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    std::signal(SIGPIPE, SIG_IGN);

    try
    {
        FakeOuraServer server(options);
        for (const auto& token : accessTokens)
            server.addAccessToken(token);
        for (const auto& token : refreshTokens)
            server.addRefreshToken(token);

        OuraMcp::Json users = OuraMcp::Json::object();
        users[FakeOuraServer::defaultUserName] = server.personalInfoId();
        for (const auto& [name, seed] : options.users)
            users[name] = server.personalInfoId(name);
        std::cout
            << OuraMcp::Json{{"port", server.port()}, {"base_url", server.baseUrl()}, {"users", users}}.dump()
            << std::endl;

        if (watchStdin)
            std::thread([] {
                char buffer[256];
                while (::read(STDIN_FILENO, buffer, sizeof buffer) > 0)
                {}
                ::kill(::getpid(), SIGTERM);
            }).detach();

        int received = 0;
        sigwait(&signals, &received);
        server.stop();
    }
    catch (const std::exception& error)
    {
        std::cerr << "fake-oura-api: " << error.what() << "\n";
        return 1;
    }
    return 0;
}
