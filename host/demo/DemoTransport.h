#pragma once

#include "demo/DemoApi.h"
#include "oura/Transport.h"

#include <memory>
#include <string>

namespace OuraMcp::Demo {

/// A Transport that answers from the in-process DemoApi: no network, no token (an Authorization header is
/// ignored). Used by demo mode. Thread-safe.
class DemoTransport : public Oura::Transport
{
public:
    explicit DemoTransport(std::shared_ptr<const Dataset> dataset, DemoApiOptions options = DemoApiOptions());

    static std::shared_ptr<DemoTransport> forCurrentTime(std::uint64_t seed = Dataset::defaultSeed);
    /// A transport over Dataset::forCurrentTime(seed).

    Oura::HttpResponse send(const Oura::HttpRequest& request) override;
    std::string describe() const override;
    /// "demo dataset (synthetic, in-process)"

    const DemoApi& api() const { return _api; }

private:
    DemoApi _api;
};

} // namespace OuraMcp::Demo
