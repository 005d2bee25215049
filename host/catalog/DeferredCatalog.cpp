#include "catalog/DeferredCatalog.h"

namespace OuraMcp::Catalog {

DeferredCatalog::DeferredCatalog() : _catalog(_promise.get_future().share()) {}

void DeferredCatalog::build(const Build& build)
{
    try
    {
        _promise.set_value(&build());
    }
    catch (...)
    {
        _promise.set_exception(std::current_exception());
    }
}

std::optional<std::string> DeferredCatalog::memoVariant(const std::string& name) const
{
    // Asked on the thread that reads requests, which must not wait for the plugins: the call then runs on
    // a worker as every call did before the memo.
    if (_catalog.wait_for(std::chrono::seconds(0)) != std::future_status::ready)
        return std::nullopt;
    try
    {
        return ready().memoVariant(name);
    }
    catch (...)
    {
        return std::nullopt;
    }
}

Mcp::Catalog& DeferredCatalog::ready() const
{
    return *_catalog.get();
}

} // namespace OuraMcp::Catalog
