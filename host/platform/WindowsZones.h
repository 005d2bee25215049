#pragma once

#include <cstddef>
#include <string>

namespace OuraMcp::Platform {

/// CLDR's map from Windows time zone key names to IANA names (LocalZone's Windows side uses it).
class WindowsZones
{
public:
    static std::string ianaName(const std::string& windowsName, const std::string& territory);
    /// The IANA zone CLDR's windowsZones.xml gives for a Windows time zone key name ("Tokyo Standard Time")
    /// in a territory (ISO 3166 alpha-2 such as "US", "001" for CLDR's default); falls back to the "001"
    /// row when the territory has none; "" for a name CLDR does not list. Where CLDR lists several zones
    /// for a territory, the first (its canonical choice) is returned. Portable: the table is generated from
    /// the XML when the project is configured.

    static std::size_t rowCount();
    /// The number of (name, territory) rows in the table; 0 if the build found no windowsZones.xml.
};

} // namespace OuraMcp::Platform
