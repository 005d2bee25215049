#pragma once

#include "oura/DataService.h"

#include <cstddef>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace OuraMcp::Oura {

/// The data service of a server many people use (`serve --http` with authorization): every call runs on the
/// service of the user it names (CallControl::user), built for that user alone by the factory — their own
/// tokens, response cache, single-flight and rate limiter — so that nothing one user fetched can ever answer
/// another. A call that names no user is refused rather than served from some shared state.
///
/// The services of the users seen most recently are kept (at most maxUsers); the least recently used is
/// dropped when a new one is needed (its calls in flight finish on their own reference). Thread-safe.
class PerUserDataService : public DataService
{
public:
    using Factory = std::function<std::shared_ptr<DataService>(const std::string& user)>;

    PerUserDataService(Factory factory, std::string description, std::size_t maxUsers = 1000);

    ApiResponse getCollection(const CollectionQuery& query, const CallControl& control) override;
    std::unique_ptr<Prefetch> prefetchDay(const Dates::CivilDate& day, const std::set<std::string>& scopes,
                                          const std::string& user) override;
    std::string describe() const override;

    void forget(const std::string& user);
    /// Drops the user's service (their cached answers with it): a user deleted or signed out.

    std::size_t users() const;
    /// How many users' services are kept now.

private:
    std::shared_ptr<DataService> serviceFor(const std::string& user);

    Factory _factory;
    std::string _description;
    std::size_t _maxUsers;
    mutable std::mutex _mutex;
    std::list<std::string> _recent; ///< most recently used first
    struct Entry
    {
        std::shared_ptr<DataService> service;
        std::list<std::string>::iterator position;
    };
    std::unordered_map<std::string, Entry> _services;
};

} // namespace OuraMcp::Oura
