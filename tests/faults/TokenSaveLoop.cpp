// token-save-loop <token file> <first version>: saves TokenSet version n, n+1, ... through Auth::TokenStore
// for ever, printing "<n>\n" on stdout after each save has returned. The fault-matrix test kills it with
// SIGKILL at many points and checks what is left on disk (tests/faults/FaultTokenSaveTest.cpp).
#include "auth/TokenStore.h"

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <unistd.h>

namespace {

OuraMcp::Auth::TokenSet version(long n)
{
    OuraMcp::Auth::TokenSet tokens;
    tokens.accessToken = "access-" + std::to_string(n);
    tokens.refreshToken = "refresh-" + std::to_string(n);
    tokens.expiresAt = 1700000000 + n;
    tokens.scope = "extapi:daily";
    tokens.savedAt = n;
    tokens.chainOrigin = "login";
    return tokens;
}

} // namespace

int main(int argc, char** argv)
{
    if (argc != 3)
    {
        std::fprintf(stderr, "usage: %s <token file> <first version>\n", argv[0]);
        return 2;
    }
    OuraMcp::Auth::TokenStore store(argv[1]);
    for (long n = std::strtol(argv[2], nullptr, 10);; ++n)
    {
        try
        {
            store.save(version(n));
        }
        catch (const std::exception& e)
        {
            std::fprintf(stderr, "save %ld failed: %s\n", n, e.what());
            return 3;
        }
        const std::string line = std::to_string(n) + "\n";
        if (::write(STDOUT_FILENO, line.data(), line.size()) != static_cast<ssize_t>(line.size()))
            return 4; // the test went away
    }
}
