// HttpTransport over TLS against a loopback HTTPS server with a certificate made on the fly: an
// untrusted certificate must be refused (there is no insecure mode); the same server is accepted once its
// certificate is the configured trust anchor, which shows the refusal came from verification.

#include "TestDoubles.h"

#include "TlsFixtures.h"

#include "oura/HttpTransport.h"

#include <gtest/gtest.h>

using namespace OuraMcp::Oura;
using namespace OuraMcp::Oura::Test;
using OuraMcp::Testing::SelfSigned;
using OuraMcp::Testing::TlsServer;

namespace {

HttpRequest ping()
{
    HttpRequest r;
    r.path = "/v2/usercollection/personal_info";
    return r;
}

} // namespace

TEST(HttpTransportTls, UntrustedCertificateIsRefused)
{
    SelfSigned pem;
    TlsServer server(pem);
    TransportOptions o;
    o.readTimeout = std::chrono::seconds(5);
    HttpTransport transport(server.url(), o); // the system CA store does not know this certificate
    HttpResponse r = transport.send(ping());
    EXPECT_EQ(r.status, 0);
    EXPECT_NE(r.networkError.find("TLS"), std::string::npos) << r.networkError;
}

TEST(HttpTransportTls, TrustedCertificateIsAccepted)
{
    SelfSigned pem;
    TlsServer server(pem);
    TransportOptions o;
    o.readTimeout = std::chrono::seconds(5);
    o.caLocation = pem.certFile.path();
    HttpTransport transport(server.url(), o);
    HttpResponse r = transport.send(ping());
    EXPECT_EQ(r.status, 200) << r.networkError;
    EXPECT_EQ(r.body, R"({"ok":true})");
}

TEST(HttpTransportTls, TrustedCertificateForAnotherHostNameIsRefused)
{
    SelfSigned pem; // issued to 127.0.0.1 only
    TlsServer server(pem);
    TransportOptions o;
    o.readTimeout = std::chrono::seconds(5);
    o.caLocation = pem.certFile.path();
    HttpTransport transport(server.url("localhost"), o);
    HttpResponse r = transport.send(ping());
    EXPECT_EQ(r.status, 0);
    EXPECT_FALSE(r.networkError.empty());
}
