#include "oura/PerUserDataService.h"

#include <stdexcept>

namespace OuraMcp::Oura {

namespace {

/// A user's prefetch together with the service it reads through, which an eviction must not destroy first.
class HeldPrefetch : public Prefetch
{
public:
    HeldPrefetch(std::shared_ptr<DataService> service, std::unique_ptr<Prefetch> inner)
        : _service(std::move(service)), _inner(std::move(inner))
    {}
    ~HeldPrefetch() override { _inner.reset(); } // stop the reads before the service can go

private:
    std::shared_ptr<DataService> _service;
    std::unique_ptr<Prefetch> _inner;
};

} // namespace

PerUserDataService::PerUserDataService(Factory factory, std::string description, std::size_t maxUsers)
    : _factory(std::move(factory)), _description(std::move(description)),
      _maxUsers(maxUsers == 0 ? 1 : maxUsers)
{
    if (!_factory)
        throw std::invalid_argument("PerUserDataService needs a factory");
}

std::shared_ptr<DataService> PerUserDataService::serviceFor(const std::string& user)
{
    std::lock_guard<std::mutex> lock(_mutex);
    auto it = _services.find(user);
    if (it != _services.end())
    {
        _recent.splice(_recent.begin(), _recent, it->second.position);
        return it->second.service;
    }
    // Built under the lock: a factory only assembles objects (no I/O), and two threads asking for one new
    // user at once must share one service, or their single-flight would not be shared either.
    auto service = _factory(user);
    if (!service)
        throw std::runtime_error("no data service could be made for a user");
    if (_services.size() >= _maxUsers)
    {
        _services.erase(_recent.back());
        _recent.pop_back();
    }
    _recent.push_front(user);
    _services.emplace(user, Entry{service, _recent.begin()});
    return service;
}

ApiResponse PerUserDataService::getCollection(const CollectionQuery& query, const CallControl& control)
{
    if (control.user.empty())
    {
        ApiResponse refused;
        refused.error = ApiError::Internal;
        refused.message = "Internal error: a data request reached the multi-user service without a user.";
        return refused;
    }
    return serviceFor(control.user)->getCollection(query, control);
}

std::unique_ptr<Prefetch> PerUserDataService::prefetchDay(const Dates::CivilDate& day,
                                                          const std::set<std::string>& scopes,
                                                          const std::string& user)
{
    if (user.empty())
        return nullptr;
    auto service = serviceFor(user);
    auto inner = service->prefetchDay(day, scopes, user);
    if (!inner)
        return nullptr;
    return std::make_unique<HeldPrefetch>(std::move(service), std::move(inner));
}

std::string PerUserDataService::describe() const
{
    return _description;
}

void PerUserDataService::forget(const std::string& user)
{
    std::lock_guard<std::mutex> lock(_mutex);
    auto it = _services.find(user);
    if (it == _services.end())
        return;
    _recent.erase(it->second.position);
    _services.erase(it);
}

std::size_t PerUserDataService::users() const
{
    std::lock_guard<std::mutex> lock(_mutex);
    return _services.size();
}

} // namespace OuraMcp::Oura
