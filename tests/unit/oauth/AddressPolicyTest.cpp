// AddressPolicy: which addresses a fetch on a stranger's behalf may connect to.
#include "oauth/AddressPolicy.h"

#include <gtest/gtest.h>

#include <utility>
#include <vector>

using OuraMcp::OAuth::AddressPolicy;
using Kind = OuraMcp::OAuth::AddressPolicy::Kind;

namespace {

Kind kindOf(const std::string& text)
{
    return AddressPolicy::classify(Poco::Net::IPAddress(text));
}

void expectKinds(const std::vector<std::pair<const char*, Kind>>& table)
{
    for (const auto& [text, kind] : table)
        EXPECT_EQ(kindOf(text), kind) << text << " is " << AddressPolicy::describe(kindOf(text));
}

} // namespace

TEST(AddressPolicy, PublicIpv4AndIpv6AddressesAreAllowed)
{
    for (const char* text : {"1.1.1.1",
                             "8.8.8.8",
                             "93.184.216.34",
                             "9.255.255.255",
                             "11.0.0.0",
                             "172.15.255.255",
                             "172.32.0.0",
                             "192.167.255.255",
                             "192.169.0.0",
                             "100.63.255.255",
                             "100.128.0.0",
                             "169.253.255.255",
                             "169.255.0.0",
                             "126.255.255.255",
                             "128.0.0.0",
                             "223.255.255.255",
                             "2606:4700:4700::1111",
                             "2001:4860:4860::8888",
                             "2a00:1450:4001:80b::200e",
                             "::ffff:8.8.8.8",
                             "64:ff9b::808:808",
                             "2002:808:808::1",
                             "fbff:ffff::1"})
        EXPECT_TRUE(AddressPolicy::isPublic(Poco::Net::IPAddress(text)))
            << text << " is " << AddressPolicy::describe(kindOf(text));
}

TEST(AddressPolicy, Ipv4SpecialRangesAreRefusedAtTheirEdges)
{
    expectKinds({{"0.0.0.0", Kind::Unspecified},
                 {"0.0.0.1", Kind::ThisNetwork},
                 {"0.255.255.255", Kind::ThisNetwork},
                 {"127.0.0.1", Kind::Loopback},
                 {"127.255.255.254", Kind::Loopback},
                 {"127.1.2.3", Kind::Loopback},
                 {"10.0.0.1", Kind::Private},
                 {"10.255.255.255", Kind::Private},
                 {"172.16.0.0", Kind::Private},
                 {"172.31.255.255", Kind::Private},
                 {"192.168.0.1", Kind::Private},
                 {"192.168.255.255", Kind::Private},
                 {"100.64.0.0", Kind::SharedAddressSpace},
                 {"100.127.255.255", Kind::SharedAddressSpace},
                 {"169.254.169.254", Kind::LinkLocal},
                 {"169.254.0.0", Kind::LinkLocal},
                 {"169.254.255.255", Kind::LinkLocal},
                 {"224.0.0.1", Kind::Multicast},
                 {"239.255.255.250", Kind::Multicast},
                 {"255.255.255.255", Kind::Broadcast},
                 {"240.0.0.1", Kind::Reserved},
                 {"192.0.0.8", Kind::Reserved},
                 {"192.0.2.1", Kind::Reserved},
                 {"198.51.100.7", Kind::Reserved},
                 {"203.0.113.9", Kind::Reserved},
                 {"198.18.0.1", Kind::Reserved},
                 {"198.19.255.255", Kind::Reserved}});
}

TEST(AddressPolicy, Ipv6SpecialRangesAreRefused)
{
    expectKinds({{"::", Kind::Unspecified},
                 {"::1", Kind::Loopback},
                 {"fe80::1", Kind::LinkLocal},
                 {"febf:ffff::1", Kind::LinkLocal},
                 {"fc00::1", Kind::UniqueLocal},
                 {"fd12:3456:789a::1", Kind::UniqueLocal},
                 {"ff02::1", Kind::Multicast},
                 {"ff05::1:3", Kind::Multicast},
                 {"2001:db8::1", Kind::Reserved},
                 {"100::1", Kind::Reserved},
                 {"fec0::1", Kind::Private}});
}

TEST(AddressPolicy, Ipv6FormsCarryingAnIpv4AddressAreJudgedByIt)
{
    expectKinds({{"::ffff:127.0.0.1", Kind::Loopback},
                 {"::ffff:10.1.2.3", Kind::Private},
                 {"::ffff:169.254.169.254", Kind::LinkLocal},
                 {"::ffff:0.0.0.0", Kind::Unspecified},
                 {"::ffff:100.64.1.1", Kind::SharedAddressSpace},
                 {"::ffff:192.168.1.1", Kind::Private},
                 {"::127.0.0.1", Kind::Loopback},
                 {"::10.0.0.1", Kind::Private},
                 {"64:ff9b::7f00:1", Kind::Loopback},
                 {"64:ff9b::a9fe:a9fe", Kind::LinkLocal},
                 {"2002:7f00:1::", Kind::Loopback},
                 {"2002:c0a8:101::1", Kind::Private}});
}

TEST(AddressPolicy, TheTestSettingOpensOnlyLocalNetworksNeverMetadataOrMulticast)
{
    for (const char* text : {"127.0.0.1", "::1", "10.0.0.1", "192.168.1.1", "172.20.0.1", "100.64.0.1",
                             "fd00::1", "::ffff:127.0.0.1"})
        EXPECT_TRUE(AddressPolicy::isLocalTestAddress(Poco::Net::IPAddress(text))) << text;
    for (const char* text : {"169.254.169.254", "fe80::1", "0.0.0.0", "::", "224.0.0.1", "255.255.255.255",
                             "0.1.2.3", "8.8.8.8"})
        EXPECT_FALSE(AddressPolicy::isLocalTestAddress(Poco::Net::IPAddress(text))) << text;
}

TEST(AddressPolicy, DescriptionsNameTheKindNotTheAddress)
{
    EXPECT_EQ(AddressPolicy::describe(Kind::LinkLocal), "a link-local address");
    EXPECT_EQ(AddressPolicy::describe(Kind::Loopback), "a loopback address");
    EXPECT_EQ(AddressPolicy::describe(Kind::Private), "a private address");
}
