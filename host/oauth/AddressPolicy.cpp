#include "oauth/AddressPolicy.h"

#include <array>
#include <cstdint>
#include <cstring>

namespace OuraMcp::OAuth {

namespace {

using Kind = AddressPolicy::Kind;

Kind classifyV4(std::uint32_t a)
{
    auto in = [a](std::uint32_t network, int prefix) {
        const std::uint32_t mask = prefix == 0 ? 0 : ~std::uint32_t(0) << (32 - prefix);
        return (a & mask) == network;
    };
    if (a == 0)
        return Kind::Unspecified;
    if (a == 0xFFFFFFFFu)
        return Kind::Broadcast;
    if (in(0x00000000u, 8))
        return Kind::ThisNetwork;
    if (in(0x7F000000u, 8))
        return Kind::Loopback;
    if (in(0x0A000000u, 8) || in(0xAC100000u, 12) || in(0xC0A80000u, 16))
        return Kind::Private;
    if (in(0x64400000u, 10))
        return Kind::SharedAddressSpace;
    if (in(0xA9FE0000u, 16))
        return Kind::LinkLocal;
    if (in(0xE0000000u, 4))
        return Kind::Multicast;
    if (in(0xC0000000u, 24) ||                                               // IETF protocol assignments
        in(0xC0000200u, 24) || in(0xC6336400u, 24) || in(0xCB007100u, 24) || // documentation
        in(0xC6120000u, 15) ||                                               // benchmarking
        in(0xF0000000u, 4))                                                  // reserved
        return Kind::Reserved;
    return Kind::Public;
}

std::uint32_t v4At(const unsigned char* bytes)
{
    return (std::uint32_t(bytes[0]) << 24) | (std::uint32_t(bytes[1]) << 16) |
           (std::uint32_t(bytes[2]) << 8) | std::uint32_t(bytes[3]);
}

Kind classifyV6(const std::array<unsigned char, 16>& b)
{
    auto zeros = [&b](int from, int to) {
        for (int i = from; i < to; ++i)
            if (b[i] != 0)
                return false;
        return true;
    };
    if (zeros(0, 16))
        return Kind::Unspecified;
    if (zeros(0, 15) && b[15] == 1)
        return Kind::Loopback;
    // Forms that carry an IPv4 address are judged by it (see the header).
    if (zeros(0, 10) && b[10] == 0xFF && b[11] == 0xFF) // ::ffff:a.b.c.d
        return classifyV4(v4At(&b[12]));
    if (zeros(0, 12)) // ::a.b.c.d (deprecated IPv4-compatible)
        return classifyV4(v4At(&b[12]));
    if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xFF && b[3] == 0x9B && zeros(4, 12)) // 64:ff9b::/96 NAT64
        return classifyV4(v4At(&b[12]));
    if (b[0] == 0x20 && b[1] == 0x02) // 2002::/16 6to4
        return classifyV4(v4At(&b[2]));
    if (b[0] == 0xFF)
        return Kind::Multicast;
    if (b[0] == 0xFE && (b[1] & 0xC0) == 0x80)
        return Kind::LinkLocal;
    if (b[0] == 0xFE && (b[1] & 0xC0) == 0xC0)
        return Kind::Private; // site-local, deprecated but still routed inside some networks
    if ((b[0] & 0xFE) == 0xFC)
        return Kind::UniqueLocal;
    if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0D && b[3] == 0xB8) // documentation
        return Kind::Reserved;
    if (b[0] == 0x01 && zeros(1, 8)) // 100::/64 discard-only
        return Kind::Reserved;
    return Kind::Public;
}

} // namespace

AddressPolicy::Kind AddressPolicy::classify(const Poco::Net::IPAddress& address)
{
    if (address.family() == Poco::Net::IPAddress::IPv4)
    {
        std::array<unsigned char, 4> bytes{};
        std::memcpy(bytes.data(), address.addr(), bytes.size());
        return classifyV4(v4At(bytes.data()));
    }
    std::array<unsigned char, 16> bytes{};
    std::memcpy(bytes.data(), address.addr(), bytes.size());
    return classifyV6(bytes);
}

bool AddressPolicy::isLocalTestAddress(const Poco::Net::IPAddress& address)
{
    const Kind kind = classify(address);
    return kind == Kind::Loopback || kind == Kind::Private || kind == Kind::SharedAddressSpace ||
           kind == Kind::UniqueLocal;
}

std::string AddressPolicy::describe(Kind kind)
{
    switch (kind)
    {
    case Kind::Public:
        return "a public address";
    case Kind::Unspecified:
        return "the unspecified address";
    case Kind::ThisNetwork:
        return "an address of this network (0.0.0.0/8)";
    case Kind::Loopback:
        return "a loopback address";
    case Kind::Private:
        return "a private address";
    case Kind::SharedAddressSpace:
        return "a carrier-grade NAT address (100.64.0.0/10)";
    case Kind::LinkLocal:
        return "a link-local address";
    case Kind::UniqueLocal:
        return "a unique-local address";
    case Kind::Multicast:
        return "a multicast address";
    case Kind::Broadcast:
        return "the broadcast address";
    case Kind::Reserved:
        return "a reserved address";
    }
    return "an address that is not public";
}

} // namespace OuraMcp::OAuth
