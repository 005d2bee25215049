#include "platform/Browser.h"

#include "platform/BrowserNative.h"

namespace OuraMcp::Platform {

bool Browser::open(const std::string& url)
{
    const bool web = url.rfind("https://", 0) == 0 || url.rfind("http://", 0) == 0;
    // No control characters or spaces: the launcher gets exactly one argument, a URL.
    for (unsigned char c : url)
        if (c <= 0x20 || c == 0x7f)
            return false;
    return web && launchBrowser(url);
}

} // namespace OuraMcp::Platform
