#include "mcp/CallMemo.h"

namespace OuraMcp::Mcp {

namespace {

/// Counted per entry besides its text and id: the list node, the index node and the shared text's control
/// block, roughly, so that many tiny results cannot outgrow the byte cap unseen.
constexpr std::size_t EntryOverhead = 160;

} // namespace

CallMemo::CallMemo(Options options) : CallMemo(options, Clock()) {}

CallMemo::CallMemo(Options options, Clock clock) : _options(options), _clock(std::move(clock)) {}

std::chrono::steady_clock::time_point CallMemo::now() const
{
    return _clock ? _clock() : std::chrono::steady_clock::now();
}

std::string CallMemo::idOf(const std::string& principal, const std::string& key)
{
    // The length first, so that no principal and key pair can spell another's id.
    std::string id = std::to_string(principal.size());
    id += ':';
    id += principal;
    id += key;
    return id;
}

std::optional<SerializedResult> CallMemo::find(const std::string& principal, const std::string& key)
{
    const std::string id = idOf(principal, key);
    const auto now = this->now();
    std::lock_guard<std::mutex> lock(_mutex);
    const auto it = _index.find(id);
    if (it == _index.end())
        return std::nullopt;
    if (now >= it->second->expires)
    {
        eraseLocked(it->second);
        return std::nullopt;
    }
    _order.splice(_order.begin(), _order, it->second);
    return it->second->result;
}

void CallMemo::store(const std::string& principal, const std::string& key, const SerializedResult& result,
                     std::chrono::steady_clock::time_point started)
{
    if (_options.ttl.count() <= 0)
        return;
    std::string id = idOf(principal, key);
    const std::size_t bytes = result.text().size() + id.size() + principal.size() + EntryOverhead;
    if (bytes > _options.maxBytes)
        return;
    const auto expires = started + _options.ttl;
    std::lock_guard<std::mutex> lock(_mutex);
    const auto old = _index.find(id);
    if (old != _index.end())
        eraseLocked(old->second);
    _order.push_front(Entry{principal, id, result, expires, bytes});
    _index.emplace(std::move(id), _order.begin());
    _bytes += bytes;
    while (_bytes > _options.maxBytes && !_order.empty())
        eraseLocked(std::prev(_order.end()));
}

void CallMemo::forget(const std::string& principal)
{
    std::lock_guard<std::mutex> lock(_mutex);
    for (auto it = _order.begin(); it != _order.end();)
    {
        const auto next = std::next(it);
        if (it->principal == principal)
            eraseLocked(it);
        it = next;
    }
}

void CallMemo::clear()
{
    std::lock_guard<std::mutex> lock(_mutex);
    _index.clear();
    _order.clear();
    _bytes = 0;
}

std::size_t CallMemo::size() const
{
    std::lock_guard<std::mutex> lock(_mutex);
    return _order.size();
}

std::size_t CallMemo::bytes() const
{
    std::lock_guard<std::mutex> lock(_mutex);
    return _bytes;
}

void CallMemo::eraseLocked(Order::iterator it)
{
    _bytes -= it->bytes;
    _index.erase(it->id);
    _order.erase(it);
}

} // namespace OuraMcp::Mcp
