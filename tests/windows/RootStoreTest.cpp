// HTTPS to a loopback server whose certificate comes from a test CA: refused while Windows does not trust it,
// accepted once the certificate is in the current user's ROOT store (as an administrator's or an enterprise's
// root would be), with no CA file configured: the transport's trust is the Windows store's. Under Wine the store
// is the prefix's registry; the test removes its certificate again.
#include "TlsFixtures.h"

#include "oura/HttpTransport.h"

#include <gtest/gtest.h>

#include <wincrypt.h>

#include <initializer_list>
#include <string>
#include <windows.h>

using namespace OuraMcp::Oura;
using OuraMcp::Testing::SelfSigned;
using OuraMcp::Testing::TlsServer;

namespace {

/// The test certificate in the current user's ROOT store for the lifetime of this object. Removed again from
/// both the user's and the machine's view of ROOT (Wine shows a user's roots in the machine's store too).
class TrustedRoot
{
public:
    explicit TrustedRoot(const std::vector<unsigned char>& der) : _der(der)
    {
        HCERTSTORE store = open(CERT_SYSTEM_STORE_CURRENT_USER);
        if (!store)
            return;
        _added = ::CertAddEncodedCertificateToStore(store, X509_ASN_ENCODING, _der.data(),
                                                    static_cast<DWORD>(_der.size()),
                                                    CERT_STORE_ADD_REPLACE_EXISTING, nullptr) != FALSE;
        ::CertCloseStore(store, 0);
    }
    ~TrustedRoot()
    {
        for (DWORD location : {CERT_SYSTEM_STORE_CURRENT_USER, CERT_SYSTEM_STORE_LOCAL_MACHINE})
        {
            HCERTSTORE store = open(location);
            if (!store)
                continue;
            PCCERT_CONTEXT mine = ::CertCreateCertificateContext(X509_ASN_ENCODING, _der.data(),
                                                                 static_cast<DWORD>(_der.size()));
            PCCERT_CONTEXT found = mine ? ::CertFindCertificateInStore(store, X509_ASN_ENCODING, 0,
                                                                       CERT_FIND_EXISTING, mine, nullptr)
                                        : nullptr;
            if (found)
                ::CertDeleteCertificateFromStore(found); // frees found
            if (mine)
                ::CertFreeCertificateContext(mine);
            ::CertCloseStore(store, 0);
        }
        // Wine keeps a user's roots in the registry and does not always drop them on the delete above: remove the
        // certificate's key (named by its SHA-1 thumbprint) there as well, so runs do not pile them up.
        BYTE sha1[20];
        DWORD size = sizeof sha1;
        if (::CryptHashCertificate(0, CALG_SHA1, 0, _der.data(), static_cast<DWORD>(_der.size()), sha1,
                                   &size))
        {
            std::wstring key = L"Software\\Microsoft\\SystemCertificates\\Root\\Certificates\\";
            const wchar_t* digits = L"0123456789ABCDEF";
            for (DWORD i = 0; i < size; ++i)
            {
                key.push_back(digits[sha1[i] >> 4]);
                key.push_back(digits[sha1[i] & 15]);
            }
            ::RegDeleteTreeW(HKEY_CURRENT_USER, key.c_str());
        }
    }
    bool added() const { return _added; }

private:
    static HCERTSTORE open(DWORD location)
    {
        return ::CertOpenStore(CERT_STORE_PROV_SYSTEM_W, 0, 0, location, L"ROOT");
    }

    std::vector<unsigned char> _der;
    bool _added = false;
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
