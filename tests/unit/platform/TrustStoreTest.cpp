#include "platform/TrustStore.h"

#include <gtest/gtest.h>

#include <openssl/x509.h>

#include <memory>

namespace OuraMcp::Platform {
namespace {

struct StoreFree
{
    void operator()(X509_STORE* store) const noexcept { X509_STORE_free(store); }
};

#ifdef _WIN32
TEST(TrustStoreTest, WindowsCopiesTheRootStore)
{
    // Wine's prefix holds about 150 roots; a real Windows a few dozen at least.
    std::unique_ptr<X509_STORE, StoreFree> store(X509_STORE_new());
    EXPECT_GT(TrustStore::addSystemCertificates(store.get()), 10);
    EXPECT_EQ(TrustStore::systemLocation(), "");
    EXPECT_EQ(TrustStore::describe(""), "the Windows ROOT certificate store");
    EXPECT_EQ(TrustStore::describe("C:/ca.pem"), "C:/ca.pem");
}
#else
TEST(TrustStoreTest, PosixLeavesTheStoreToOpenSsl)
{
    std::unique_ptr<X509_STORE, StoreFree> store(X509_STORE_new());
    EXPECT_EQ(TrustStore::addSystemCertificates(store.get()), 0);
    EXPECT_EQ(TrustStore::systemLocation(), "/etc/ssl/certs");
    EXPECT_EQ(TrustStore::describe("/etc/ssl/certs"), "/etc/ssl/certs");
}
#endif

} // namespace
} // namespace OuraMcp::Platform
