#include "demo/DemoTransport.h"

namespace OuraMcp::Demo {

DemoTransport::DemoTransport(std::shared_ptr<const Dataset> dataset, DemoApiOptions options)
    : _api(std::move(dataset), options)
{}

std::shared_ptr<DemoTransport> DemoTransport::forCurrentTime(std::uint64_t seed)
{
    return std::make_shared<DemoTransport>(std::make_shared<const Dataset>(Dataset::forCurrentTime(seed)));
}

Oura::HttpResponse DemoTransport::send(const Oura::HttpRequest& request)
{
    return _api.handle(request);
}

std::string DemoTransport::describe() const
{
    return "demo dataset (synthetic, in-process)";
}

} // namespace OuraMcp::Demo
