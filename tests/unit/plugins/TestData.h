#pragma once

// Realistic Oura documents for the domain plugin tests, shaped as in ../shared/oura-api/NOTES.md §3 and §9
// (values close to the genuine Dec-2024 recordings).

#include "FakeHost.h"

#include <map>
#include <string>

namespace OuraMcp::DomainTest {

std::string addDays(const std::string& day, long n);

/// A fixed-length, deterministic id shaped like a real one (a UUID).
std::string uuidFor(const std::string& seed);

json dailyActivity(const std::string& day); ///< with 1,440 MET items and a 288-character class_5_min
json dailySleep(const std::string& day);    ///< score + contributors
json sleepPeriod(const std::string& day,
                 const std::string& type = "long_sleep"); ///< 30-s strings, hr/hrv series
json dailyReadiness(const std::string& day);
json dailyStress(const std::string& day);
json dailyResilience(const std::string& day);
json dailySpo2(const std::string& day);
json sleepTime(const std::string& day);
json workout(const std::string& day);
json session(const std::string& day); ///< with 5-second heart_rate / hrv / motion series
json vo2Max(const std::string& day);
json cardiovascularAge(const std::string& day);
json enhancedTag(const std::string& day, const std::string& code);
json restModePeriod(const std::string& day);
json ringConfiguration();
json personalInfo();

/// Heart-rate rows (UTC timestamps) for `days` days from `firstDay` 00:00Z, one every spacingSeconds.
json heartRateRows(const std::string& firstDay, int days, int spacingSeconds);
/// Battery rows every 15 minutes for `days` days.
json batteryRows(const std::string& firstDay, int days);

/// {"data": docs}
std::string body(const json& docs);

/// A responder serving fixed bodies per collection, over startDay..endDay (note optional). Unknown
/// collections answer an empty list.
Responder serve(std::map<std::string, json> docsByCollection, const std::string& startDay,
                const std::string& endDay, const std::string& note = {});

/// The documents of `make` for every day of start..end.
json perDay(const std::string& start, const std::string& end, json (*make)(const std::string&));

} // namespace OuraMcp::DomainTest
