#include "plugins/DeferredCatalog.h"

namespace OuraMcp::Plugins {

DeferredCatalog::DeferredCatalog(Build build)
{
    std::promise<Mcp::Catalog*> promise;
    _catalog = promise.get_future().share();
    _thread = std::thread([promise = std::move(promise), build = std::move(build)]() mutable {
        try
        {
            promise.set_value(&build());
        }
        catch (...)
        {
            promise.set_exception(std::current_exception());
        }
    });
}

DeferredCatalog::~DeferredCatalog()
{
    if (_thread.joinable())
        _thread.join();
}

Mcp::Catalog& DeferredCatalog::ready() const
{
    return *_catalog.get();
}

} // namespace OuraMcp::Plugins
