#include "oauth/Pkce.h"

#include "util/Base64Url.h"
#include "util/ConstantTime.h"

#include <Poco/SHA2Engine.h>

namespace OuraMcp::OAuth {

bool Pkce::isValidVerifier(const std::string& verifier)
{
    if (verifier.size() < 43 || verifier.size() > 128)
        return false;
    for (char c : verifier)
        if (!Util::Base64Url::isAlphabet(c) && c != '.' && c != '~')
            return false;
    return true;
}

bool Pkce::isValidChallenge(const std::string& challenge)
{
    if (challenge.size() != 43)
        return false;
    for (char c : challenge)
        if (!Util::Base64Url::isAlphabet(c))
            return false;
    return true;
}

std::string Pkce::challengeOf(const std::string& verifier)
{
    Poco::SHA2Engine sha(Poco::SHA2Engine::SHA_256);
    sha.update(verifier);
    const auto& digest = sha.digest();
    return Util::Base64Url::encode(std::string(digest.begin(), digest.end()));
}

bool Pkce::verify(const std::string& verifier, const std::string& challenge)
{
    if (!isValidVerifier(verifier))
        return false;
    return Util::ConstantTime::equal(challengeOf(verifier), challenge);
}

} // namespace OuraMcp::OAuth
