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

Mcp::Catalog& DeferredCatalog::ready() const
{
    return *_catalog.get();
}

} // namespace OuraMcp::Catalog
