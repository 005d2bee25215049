// The authorization server's small parts on their own: PKCE, base64url, signed blobs, redirect URI rules, scope
// lists, the consent page's escaping and the bearer header parser.
#include "oauth/BearerAuthenticator.h"
#include "oauth/ConsentPage.h"
#include "oauth/OAuthError.h"
#include "oauth/Pkce.h"
#include "oauth/RedirectUri.h"
#include "oauth/Scopes.h"
#include "oauth/SignedBlob.h"
#include "util/Base64Url.h"

#include <gtest/gtest.h>

using namespace OuraMcp;
using namespace OuraMcp::OAuth;

namespace {

const std::string Key(32, 'k');

} // namespace

TEST(Pkce, MatchesTheExampleOfRfc7636)
{
    // RFC 7636 Appendix B.
    const std::string verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    EXPECT_EQ(Pkce::challengeOf(verifier), "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
    EXPECT_TRUE(Pkce::verify(verifier, "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"));
    EXPECT_FALSE(Pkce::verify(verifier, "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cN"));
}

TEST(Pkce, RefusesVerifiersOutsideTheGrammar)
{
    EXPECT_FALSE(Pkce::isValidVerifier(std::string(42, 'a')));
    EXPECT_TRUE(Pkce::isValidVerifier(std::string(43, 'a')));
    EXPECT_TRUE(Pkce::isValidVerifier(std::string(128, '~')));
    EXPECT_FALSE(Pkce::isValidVerifier(std::string(129, 'a')));
    EXPECT_FALSE(Pkce::isValidVerifier(std::string(42, 'a') + "+"));
    // A verifier equal to its challenge ("plain") does not verify against the challenge.
    const std::string challenge = Pkce::challengeOf(std::string(43, 'a'));
    EXPECT_FALSE(Pkce::verify(challenge, challenge));
    EXPECT_FALSE(Pkce::isValidChallenge(std::string(44, 'a')));
    EXPECT_FALSE(Pkce::isValidChallenge(std::string(42, 'a') + "="));
}

TEST(Base64Url, RoundTripsEveryLengthAndRefusesOtherAlphabets)
{
    std::string bytes;
    for (int i = 0; i < 40; ++i)
    {
        EXPECT_EQ(Util::Base64Url::decode(Util::Base64Url::encode(bytes)), bytes) << i;
        bytes.push_back(static_cast<char>(i * 37 + 200));
    }
    EXPECT_EQ(Util::Base64Url::encode("\xfb\xff"), "-_8");
    EXPECT_FALSE(Util::Base64Url::decode("ab+c"));
    EXPECT_FALSE(Util::Base64Url::decode("abc="));
    EXPECT_FALSE(Util::Base64Url::decode("a"));
    EXPECT_FALSE(
        Util::Base64Url::decode("-_9")); // non-zero leftover bits: not the canonical spelling of "\xfb\xff"
}

TEST(SignedBlob, OpensWhatItSealedUntilItExpires)
{
    const SignedBlob blobs(Key);
    const std::string blob = blobs.seal("consent", Json{{"c", "client"}}, 1000);
    const auto claims = blobs.open("consent", blob, 999);
    ASSERT_TRUE(claims);
    EXPECT_EQ((*claims)["c"], "client");
    EXPECT_FALSE(blobs.open("consent", blob, 1000)) << "expired";
}

TEST(SignedBlob, HasTheDocumentedFormSoThatReplicasOfOtherVersionsAgree)
{
    // base64url(claims) "." hex(HMAC-SHA256(key, purpose "\n" base64url(claims))), computed independently.
    EXPECT_EQ(SignedBlob(Key).seal("consent", Json{{"c", "client"}}, 1000),
              "eyJjIjoiY2xpZW50IiwiZXhwIjoxMDAwfQ."
              "47201ce73227c10ac4fd74715a24c827e6b92ab5b3841d014e6e63f6d9970c69");
}

TEST(SignedBlob, RefusesAnotherPurposeAnotherKeyAndAnyAlteration)
{
    const SignedBlob blobs(Key);
    const std::string blob = blobs.seal("consent", Json{{"c", "client"}}, 1000);
    EXPECT_FALSE(blobs.open("upstream", blob, 0));
    EXPECT_FALSE(SignedBlob(std::string(32, 'x')).open("consent", blob, 0));
    const auto dot = blob.find('.');
    const std::string forgedClaims = Util::Base64Url::encode(Json{{"c", "attacker"}, {"exp", 1000}}.dump());
    EXPECT_FALSE(blobs.open("consent", forgedClaims + blob.substr(dot), 0));
    std::string flipped = blob;
    flipped.back() = flipped.back() == '0' ? '1' : '0';
    EXPECT_FALSE(blobs.open("consent", flipped, 0));
    EXPECT_FALSE(blobs.open("consent", "", 0));
    EXPECT_FALSE(blobs.open("consent", "no-dot", 0));
    EXPECT_FALSE(blobs.open("consent", std::string(SignedBlob::MaximumSize + 1, 'a'), 0));
    EXPECT_THROW(SignedBlob(std::string(31, 'k')), std::invalid_argument);
}

TEST(RedirectUri, AcceptsHttpsLoopbackHttpAndPrivateUseSchemes)
{
    EXPECT_EQ(RedirectUri::problemWith("https://claude.ai/api/mcp/auth_callback"), "");
    EXPECT_EQ(RedirectUri::problemWith("http://127.0.0.1:33418/callback"), "");
    EXPECT_EQ(RedirectUri::problemWith("http://localhost:6274/oauth/callback"), "");
    EXPECT_EQ(RedirectUri::problemWith("http://[::1]:8080/cb"), "");
    EXPECT_EQ(RedirectUri::problemWith("com.example.app:/oauth2redirect"), "");
}

TEST(RedirectUri, RefusesWhatCouldLeakACode)
{
    EXPECT_NE(RedirectUri::problemWith("http://example.com/cb"), "");
    EXPECT_NE(RedirectUri::problemWith("http://127.0.0.1.evil.com/cb"), "");
    EXPECT_NE(RedirectUri::problemWith("https://app.example/cb#frag"), "");
    EXPECT_NE(RedirectUri::problemWith("https://user@app.example/cb"), "");
    EXPECT_NE(RedirectUri::problemWith("javascript:alert(1)"), "");
    EXPECT_NE(RedirectUri::problemWith("data:text/html,hi"), "");
    EXPECT_NE(RedirectUri::problemWith("/relative/cb"), "");
    EXPECT_NE(RedirectUri::problemWith("https:///no-host"), "");
    EXPECT_NE(RedirectUri::problemWith("https://app.example/c b"), "");
    EXPECT_NE(RedirectUri::problemWith(""), "");
}

TEST(RedirectUri, MatchesExactlyButForTheLoopbackPort)
{
    EXPECT_TRUE(RedirectUri::matches("https://app.example/cb", "https://app.example/cb"));
    EXPECT_FALSE(RedirectUri::matches("https://app.example/cb", "https://app.example/cb/more"));
    EXPECT_FALSE(RedirectUri::matches("https://app.example/cb", "https://app.example/cb?x=1"));
    EXPECT_FALSE(RedirectUri::matches("https://app.example/cb", "https://app.example/CB"));
    EXPECT_FALSE(RedirectUri::matches("https://app.example/cb", "https://app.example:444/cb"));
    EXPECT_TRUE(RedirectUri::matches("http://127.0.0.1:1000/cb", "http://127.0.0.1:5173/cb"));
    EXPECT_TRUE(RedirectUri::matches("http://[::1]/cb", "http://[::1]:5173/cb"));
    EXPECT_FALSE(RedirectUri::matches("http://127.0.0.1:1000/cb", "http://127.0.0.1:5173/cb2"));
    EXPECT_FALSE(RedirectUri::matches("http://localhost:1000/cb", "http://localhost:5173/cb"));
    EXPECT_FALSE(RedirectUri::matches("http://127.0.0.1:1000/cb", "http://127.0.0.2:1000/cb"));
}

TEST(RedirectUri, AppendsEncodedParametersToAnExistingQuery)
{
    EXPECT_EQ(RedirectUri::withParameters("https://a.example/cb?x=1", {{"code", "a b&c"}, {"state", ""}}),
              "https://a.example/cb?x=1&code=a%20b%26c");
    EXPECT_EQ(RedirectUri::withParameters("https://a.example/cb", {{"error", "x"}, {"iss", "https://i"}}),
              "https://a.example/cb?error=x&iss=https%3A%2F%2Fi");
}

TEST(Scopes, SplitJoinNarrowAndIntersectWithOura)
{
    EXPECT_EQ(Scopes::split("  daily daily  heartrate "), (std::vector<std::string>{"daily", "heartrate"}));
    EXPECT_EQ(Scopes::join({"daily", "heartrate"}), "daily heartrate");
    EXPECT_THROW(Scopes::within({"daily", "email"}, {"daily"}), OAuthError);
    EXPECT_EQ(Scopes::grantedBy({"daily", "heartrate"}, "extapi:daily extapi:workout"),
              (std::vector<std::string>{"daily"}));
    EXPECT_EQ(Scopes::grantedBy({"daily", "heartrate"}, ""),
              (std::vector<std::string>{"daily", "heartrate"}));
}

TEST(ConsentPage, EscapesWhatStrangersWrote)
{
    EXPECT_EQ(ConsentPage::escape("<a href=\"x\">'&'</a>"),
              "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
    ConsentPage::Details details;
    details.serviceName = "oura-mcp";
    details.clientName = "<script>alert(1)</script>";
    details.clientId = "https://evil.example/client\"><b>";
    details.redirectHost = "evil.example";
    details.scopes = {"daily"};
    details.action = "https://mcp.example.com/authorize/decision";
    details.consentField = "abc.def";
    const std::string html = ConsentPage::render(details);
    EXPECT_EQ(html.find("<script>"), std::string::npos);
    EXPECT_EQ(html.find("<b>"), std::string::npos);
    EXPECT_NE(html.find("&lt;script&gt;"), std::string::npos);
    EXPECT_NE(html.find("daily summaries"), std::string::npos);
    EXPECT_NE(html.find("name=\"decision\" value=\"allow\""), std::string::npos);
    EXPECT_NE(html.find("name=\"decision\" value=\"deny\""), std::string::npos);
}

TEST(BearerAuthenticator, ParsesTheBearerSchemeCaseInsensitively)
{
    EXPECT_EQ(BearerAuthenticator::bearerToken("Bearer omcp_at_abc"), "omcp_at_abc");
    EXPECT_EQ(BearerAuthenticator::bearerToken("bEaReR   omcp_at_abc  "), "omcp_at_abc");
    EXPECT_FALSE(BearerAuthenticator::bearerToken("Basic dXNlcjpwYXNz"));
    EXPECT_FALSE(BearerAuthenticator::bearerToken("Bearer"));
    EXPECT_FALSE(BearerAuthenticator::bearerToken("Bearer "));
    EXPECT_FALSE(BearerAuthenticator::bearerToken("Bearerx abc"));
    EXPECT_FALSE(BearerAuthenticator::bearerToken("Bearer a b"));
    EXPECT_FALSE(BearerAuthenticator::bearerToken("Bearer " + std::string(1025, 'a')));
}
