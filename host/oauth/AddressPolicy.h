#pragma once

#include <Poco/Net/IPAddress.h>

#include <string>

namespace OuraMcp::OAuth {

/// Which addresses the server may connect to when a stranger names the URL (a Client ID Metadata Document):
/// only public unicast ones. Everything that reaches the server's own machine, its private network, the
/// cloud's metadata service or no single host at all is refused. IPv6 forms that carry an IPv4 address
/// (IPv4-mapped ::ffff:a.b.c.d, IPv4-compatible ::a.b.c.d, NAT64 64:ff9b::/96, 6to4 2002::/16) are judged by
/// that IPv4 address, since a dual-stack socket or a translator would deliver them there.
class AddressPolicy
{
public:
    enum class Kind
    {
        Public,
        Unspecified,        ///< 0.0.0.0, ::
        ThisNetwork,        ///< 0.0.0.0/8: "this host on this network", reaches the local machine on Linux
        Loopback,           ///< 127.0.0.0/8, ::1
        Private,            ///< 10/8, 172.16/12, 192.168/16, the deprecated site-local fec0::/10
        SharedAddressSpace, ///< 100.64.0.0/10 (carrier-grade NAT, often a provider's internal network)
        LinkLocal,          ///< 169.254.0.0/16 (cloud metadata at 169.254.169.254), fe80::/10
        UniqueLocal,        ///< fc00::/7
        Multicast,          ///< 224.0.0.0/4, ff00::/8
        Broadcast,          ///< 255.255.255.255
        Reserved ///< other special-purpose ranges that are no public host: 192.0.0.0/24, the documentation
                 ///< and benchmarking ranges, 240.0.0.0/4, 2001:db8::/32, 100::/64
    };

    static Kind classify(const Poco::Net::IPAddress& address);

    static bool isPublic(const Poco::Net::IPAddress& address) { return classify(address) == Kind::Public; }

    static bool isLocalTestAddress(const Poco::Net::IPAddress& address);
    /// Loopback, private, shared address space or unique-local: what the test setting allowLoopbackHttp lets
    /// a fetch reach besides public addresses (link-local, multicast and the rest stay refused).

    static std::string describe(Kind kind);
    /// "a loopback address", "a link-local address", ...: for error texts, which never name the address.
};

} // namespace OuraMcp::OAuth
