// bare-poco-line: the spawn baseline. A Poco program that reads one line from stdin and answers one JSON
// line, nothing else. Built twice: linked against Poco Foundation only, and against the same Poco
// libraries as oura-mcp (BARE_POCO_ALL_LIBS), so the gap to oura-mcp is what the server itself adds.

#include <Poco/Format.h>
#include <Poco/NumberFormatter.h>

#ifdef BARE_POCO_ALL_LIBS
#include <Poco/Net/IPAddress.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/Util/MapConfiguration.h>
#endif

#include <iostream>
#include <string>

int main()
{
#ifdef BARE_POCO_ALL_LIBS
    // Touch each library so the linker keeps it, as oura-mcp's does; none of them does real work here.
    Poco::AutoPtr<Poco::Util::MapConfiguration> config = new Poco::Util::MapConfiguration;
    config->setString("probe", Poco::Net::IPAddress("127.0.0.1").toString());
    if (config->getString("probe").empty())
        Poco::Net::SSLManager::instance();
#endif
    std::string line;
    std::getline(std::cin, line);
    std::cout << Poco::format(R"({"jsonrpc":"2.0","id":0,"result":{"length":%s}})",
                              Poco::NumberFormatter::format(line.size()))
              << std::endl;
    return 0;
}
