#pragma once

#include <string>

struct x509_store_st; // OpenSSL's X509_STORE

namespace OuraMcp::Platform {

/// The certificate authorities the system trusts, for OpenSSL (through Poco::Net::Context).
///
/// POSIX: a CA location OpenSSL reads itself, /etc/ssl/certs (a directory of hashed certificates), passed
/// as Poco's caLocation; addSystemCertificates() adds nothing.
/// Windows: there is no such file; systemLocation() is "" and addSystemCertificates() copies the
/// certificates of the system's ROOT store (what Windows and its updates trust) into OpenSSL's store.
class TrustStore
{
public:
    static std::string systemLocation();
    /// The default caLocation: "/etc/ssl/certs" on POSIX, "" (nothing for OpenSSL to read) on Windows.

    static std::string describe(const std::string& caLocation);
    /// The store a caLocation stands for, for error messages: the location itself, or "the Windows ROOT
    /// certificate store" for "" on Windows.

    static int addSystemCertificates(x509_store_st* store);
    /// Adds the system's trusted root certificates that OpenSSL cannot read itself and returns how many
    /// were added (always 0 on POSIX). Certificates OpenSSL cannot parse, and ones already present, are
    /// skipped. Throws std::runtime_error if the system store cannot be opened.
};

} // namespace OuraMcp::Platform
