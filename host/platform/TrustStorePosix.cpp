#include "platform/TrustStore.h"

namespace OuraMcp::Platform {

std::string TrustStore::systemLocation()
{
    return "/etc/ssl/certs";
}

std::string TrustStore::describe(const std::string& caLocation)
{
    return caLocation;
}

int TrustStore::addSystemCertificates(x509_store_st*)
{
    return 0; // OpenSSL reads systemLocation() itself
}

} // namespace OuraMcp::Platform
