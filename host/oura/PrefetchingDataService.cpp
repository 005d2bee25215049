#include "oura/PrefetchingDataService.h"

#include "oura/CollectionRules.h"

#include <atomic>
#include <future>
#include <system_error>
#include <vector>

namespace OuraMcp::Oura {

namespace {

/// The collections being read; on destruction it asks them to stop and waits for them.
class DayReads : public Prefetch
{
public:
    ~DayReads() override
    {
        _stop->store(true);
        for (auto& read : _reads)
            read.wait();
    }

    void start(DataService& data, const std::string& collection, const std::string& day,
               const std::string& user)
    {
        auto read = [&data, collection, day, user, stop = _stop] {
            CollectionQuery query;
            query.collection = collection;
            query.start = day;
            query.end = day;
            CallControl control;
            control.cancelled = [stop] { return stop->load(); };
            control.user = user;
            data.getCollection(query, control);
        };
        _reads.push_back(std::async(std::launch::async, std::move(read)));
    }

private:
    std::shared_ptr<std::atomic<bool>> _stop = std::make_shared<std::atomic<bool>>(false);
    std::vector<std::future<void>> _reads;
};

} // namespace

PrefetchingDataService::PrefetchingDataService(std::unique_ptr<DataService> inner) : _inner(std::move(inner))
{}

ApiResponse PrefetchingDataService::getCollection(const CollectionQuery& query, const CallControl& control)
{
    return _inner->getCollection(query, control);
}

std::unique_ptr<Prefetch> PrefetchingDataService::prefetchDay(const Dates::CivilDate& day,
                                                              const std::set<std::string>& scopes,
                                                              const std::string& user)
{
    auto reads = std::make_unique<DayReads>();
    for (const auto& rule : CollectionRules::all())
    {
        if (rule.dateParams == DateParams::None || !scopes.count(rule.scope))
            continue;
        try
        {
            reads->start(*_inner, rule.name, day.toIso(), user);
        }
        catch (const std::system_error&)
        {
            break; // no thread available: the reads that follow fetch for themselves, as without a prefetch
        }
    }
    return reads;
}

std::string PrefetchingDataService::describe() const
{
    return _inner->describe();
}

} // namespace OuraMcp::Oura
