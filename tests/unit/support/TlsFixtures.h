#pragma once

// A certificate made on the fly and a loopback HTTPS server, for the TLS tests of the transport (tests/unit/oura),
// of the metadata fetcher (tests/unit/oauth) and of the Windows trust store (tests/windows). Header-only.

#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/SecureServerSocket.h>
#include <Poco/TemporaryFile.h>
#include <Poco/ThreadPool.h>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <cstdio>
#include <memory>
#include <random>
#include <string>
#include <vector>

namespace OuraMcp::Testing {

/// A self-signed CA certificate for one host (an IPv4 address or a DNS name) and its key, written to temporary
/// PEM files.
struct SelfSigned
{
    Poco::TemporaryFile keyFile;
    Poco::TemporaryFile certFile;
    std::vector<unsigned char> der; ///< the certificate, DER-encoded

    explicit SelfSigned(const std::string& host = "127.0.0.1")
    {
        const bool address = host.find_first_not_of("0123456789.") == std::string::npos;
        const std::string san = address ? "IP:" + host + ",DNS:" + host : "DNS:" + host;
        EVP_PKEY* key = EVP_RSA_gen(2048);
        X509* cert = X509_new();
        // A serial and an organisation of its own: certificates made by other tests (running at the same time,
        // or left in a shared trust store) never share its issuer name, so a chain can only be built from it.
        std::random_device random;
        const unsigned serial = random() & 0x7fffffffU;
        ASN1_INTEGER_set(X509_get_serialNumber(cert), static_cast<long>(serial));
        X509_gmtime_adj(X509_getm_notBefore(cert), -3600);
        X509_gmtime_adj(X509_getm_notAfter(cert), 86400);
        X509_set_pubkey(cert, key);
        X509_NAME* name = X509_get_subject_name(cert);
        X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                                   reinterpret_cast<const unsigned char*>(host.c_str()), -1, -1, 0);
        const std::string organisation = "oura-mcp test " + std::to_string(serial);
        X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC,
                                   reinterpret_cast<const unsigned char*>(organisation.c_str()), -1, -1, 0);
        X509_set_issuer_name(cert, name);
        X509V3_CTX ctx;
        X509V3_set_ctx_nodb(&ctx);
        X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
        for (auto [nid, value] : {std::pair<int, const char*>{NID_basic_constraints, "critical,CA:TRUE"},
                                  std::pair<int, const char*>{NID_subject_alt_name, san.c_str()}})
        {
            X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
            X509_add_ext(cert, ext, -1);
            X509_EXTENSION_free(ext);
        }
        X509_sign(cert, key, EVP_sha256());

        unsigned char* der = nullptr;
        const int derSize = i2d_X509(cert, &der);
        if (derSize > 0)
            this->der.assign(der, der + derSize);
        OPENSSL_free(der);

        FILE* k = std::fopen(keyFile.path().c_str(), "w");
        PEM_write_PrivateKey(k, key, nullptr, nullptr, 0, nullptr, nullptr);
        std::fclose(k);
        FILE* c = std::fopen(certFile.path().c_str(), "w");
        PEM_write_X509(c, cert);
        std::fclose(c);
        X509_free(cert);
        EVP_PKEY_free(key);
    }

    Poco::Net::Context::Ptr serverContext() const
    {
        return new Poco::Net::Context(Poco::Net::Context::TLS_SERVER_USE, keyFile.path(), certFile.path(), "",
                                      Poco::Net::Context::VERIFY_NONE);
    }
    ///< A TLS server context presenting this certificate.
};

/// A loopback HTTPS server answering {"ok":true}.
class TlsServer
{
public:
    explicit TlsServer(const SelfSigned& pem)
        : _context(pem.serverContext()), _socket(Poco::Net::SocketAddress("127.0.0.1", 0), 64, _context),
          _pool(2, 4)
    {
        _server = std::make_unique<Poco::Net::HTTPServer>(new Factory, _pool, _socket,
                                                          new Poco::Net::HTTPServerParams);
        _server->start();
    }
    ~TlsServer() { _server->stopAll(true); }
    std::string url(const std::string& host = "127.0.0.1") const
    {
        return "https://" + host + ":" + std::to_string(_socket.address().port());
    }

private:
    class Handler : public Poco::Net::HTTPRequestHandler
    {
    public:
        void handleRequest(Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse& resp) override
        {
            resp.setContentType("application/json");
            resp.send() << R"({"ok":true})";
        }
    };
    class Factory : public Poco::Net::HTTPRequestHandlerFactory
    {
    public:
        Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override
        {
            return new Handler;
        }
    };

    Poco::Net::Context::Ptr _context;
    Poco::Net::SecureServerSocket _socket;
    Poco::ThreadPool _pool;
    std::unique_ptr<Poco::Net::HTTPServer> _server;
};

} // namespace OuraMcp::Testing
