#pragma once

#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <string>

namespace OuraMcp::Demo {

/// A tiny deterministic generator (splitmix64) for the demo dataset. Every stream is seeded from a hash of
/// (dataset seed, day, purpose), so a day's values never depend on which other days were generated.
class Rng
{
public:
    explicit Rng(std::uint64_t state) : _state(state) {}

    static std::uint64_t mix(std::uint64_t x)
    {
        x += 0x9e3779b97f4a7c15ULL;
        x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
        x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
        return x ^ (x >> 31);
    }

    static std::uint64_t hash(std::initializer_list<std::uint64_t> parts)
    {
        std::uint64_t h = 0x243f6a8885a308d3ULL;
        for (std::uint64_t part : parts)
            h = mix(h ^ part);
        return h;
    }

    static std::uint64_t hashText(const std::string& text)
    {
        std::uint64_t h = 0xcbf29ce484222325ULL; // FNV-1a
        for (unsigned char c : text)
            h = (h ^ c) * 0x100000001b3ULL;
        return h;
    }

    std::uint64_t next()
    {
        _state += 0x9e3779b97f4a7c15ULL;
        return mix(_state);
    }

    double uniform() { return static_cast<double>(next() >> 11) * (1.0 / 9007199254740992.0); }
    /// [0, 1)

    double uniform(double low, double high) { return low + (high - low) * uniform(); }

    int range(int low, int high)
    {
        return low + static_cast<int>(next() % static_cast<std::uint64_t>(high - low + 1));
    }
    /// Inclusive on both ends.

    bool chance(double probability) { return uniform() < probability; }

    double normal(double mean, double deviation)
    {
        // Irwin-Hall approximation: cheap, bounded (±6σ) and good enough for plausible noise.
        double sum = 0;
        for (int i = 0; i < 12; ++i)
            sum += uniform();
        return mean + (sum - 6.0) * deviation;
    }

private:
    std::uint64_t _state;
};

} // namespace OuraMcp::Demo
