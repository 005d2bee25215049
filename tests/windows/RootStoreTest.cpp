// HTTPS to a loopback server whose certificate comes from a test CA: refused while Windows does not trust it,
// accepted once the certificate is in the current user's ROOT store (as an administrator's or an enterprise's
// root would be), with no CA file configured: the transport's trust is the Windows store's. Under Wine the store
// is the prefix's registry; the test removes its certificate again.
#include "TlsFixtures.h"

#include "oura/HttpTransport.h"

#include <gtest/gtest.h>

#include <wincrypt.h>
#include <windows.h>

using namespace OuraMcp::Oura;
using OuraMcp::Testing::SelfSigned;
using OuraMcp::Testing::TlsServer;

namespace {

/// The test certificate in the current user's ROOT store for the lifetime of this object.
class TrustedRoot
{
public:
    explicit TrustedRoot(const std::vector<unsigned char>& der)
    {
        _store = ::CertOpenStore(CERT_STORE_PROV_SYSTEM_W, 0, 0, CERT_SYSTEM_STORE_CURRENT_USER, L"ROOT");
        if (!_store)
            return;
        ::CertAddEncodedCertificateToStore(_store, X509_ASN_ENCODING, der.data(),
                                           static_cast<DWORD>(der.size()), CERT_STORE_ADD_REPLACE_EXISTING,
                                           &_cert);
    }
    ~TrustedRoot()
    {
        if (_cert)
            ::CertDeleteCertificateFromStore(_cert); // frees the context too
        if (_store)
            ::CertCloseStore(_store, 0);
    }
    bool added() const { return _cert != nullptr; }

private:
    HCERTSTORE _store = nullptr;
    PCCERT_CONTEXT _cert = nullptr;
};

HttpRequest ping()
{
    HttpRequest r;
    r.path = "/v2/usercollection/personal_info";
    return r;
}

TransportOptions systemTrust()
{
    TransportOptions o;
    o.readTimeout = std::chrono::seconds(10);
    return o; // the default trust: the operating system's
}

} // namespace

TEST(WindowsRootStore, ACertificateWindowsDoesNotTrustIsRefusedWithAClearError)
{
    SelfSigned pem;
    TlsServer server(pem);
    HttpTransport transport(server.url(), systemTrust());
    const HttpResponse r = transport.send(ping());
    EXPECT_EQ(r.status, 0);
    EXPECT_NE(r.networkError.find("TLS"), std::string::npos) << r.networkError;
    EXPECT_NE(r.networkError.find("certificate verify failed"), std::string::npos) << r.networkError;
}

TEST(WindowsRootStore, ACertificateInTheRootStoreIsAccepted)
{
    SelfSigned pem;
    TlsServer server(pem);
    TrustedRoot root(pem.der);
    ASSERT_TRUE(root.added()) << "could not add the test certificate to the ROOT store: " << ::GetLastError();
    HttpTransport transport(server.url(), systemTrust());
    const HttpResponse r = transport.send(ping());
    EXPECT_EQ(r.status, 200) << r.networkError;
    EXPECT_EQ(r.body, R"({"ok":true})");
}

TEST(WindowsRootStore, TheRootStoreDoesNotWidenTheHostCheck)
{
    SelfSigned pem; // issued to 127.0.0.1 only
    TlsServer server(pem);
    TrustedRoot root(pem.der);
    ASSERT_TRUE(root.added());
    HttpTransport transport(server.url("localhost"), systemTrust());
    const HttpResponse r = transport.send(ping());
    EXPECT_EQ(r.status, 0);
    EXPECT_FALSE(r.networkError.empty());
}
