#include "platform/TrustStore.h"

#include "platform/WindowsErrorText.h"

#include <windows.h>

#include <wincrypt.h>

#include <openssl/err.h>
#include <openssl/x509.h>

#include <stdexcept>

namespace OuraMcp::Platform {

std::string TrustStore::systemLocation()
{
    return std::string();
}

std::string TrustStore::describe(const std::string& caLocation)
{
    return caLocation.empty() ? "the Windows ROOT certificate store" : caLocation;
}

int TrustStore::addSystemCertificates(x509_store_st* store)
{
    // The current user's view of ROOT: the machine's trusted roots plus any the user added (as a browser
    // on the same account would trust them).
    HCERTSTORE system = ::CertOpenSystemStoreW(0, L"ROOT");
    if (system == nullptr)
        throw std::runtime_error("cannot open the Windows ROOT certificate store: " +
                                 windowsErrorText(::GetLastError()));
    int added = 0;
    PCCERT_CONTEXT certificate = nullptr;
    while ((certificate = ::CertEnumCertificatesInStore(system, certificate)) != nullptr)
    {
        const unsigned char* der = certificate->pbCertEncoded;
        X509* parsed = d2i_X509(nullptr, &der, static_cast<long>(certificate->cbCertEncoded));
        if (parsed == nullptr)
            continue; // a certificate OpenSSL cannot read cannot anchor a chain it verifies either
        if (X509_STORE_add_cert(store, parsed) == 1)
            ++added;
        X509_free(parsed);
    }
    ::CertCloseStore(system, 0);
    ERR_clear_error(); // a skipped certificate's parse error must not look like a later TLS failure
    return added;
}

} // namespace OuraMcp::Platform
