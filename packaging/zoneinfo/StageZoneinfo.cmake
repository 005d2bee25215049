# cmake -P script: copies the IANA time zone database (TZif files) from SOURCE (Debian's tzdata:
# /usr/share/zoneinfo) into DESTINATION for a platform that has none (Windows: the executable looks in
# <exe folder>/../share/zoneinfo). Leaves out right/ (leap-second variants) and posix/ (a second copy), and
# `localtime` (this machine's zone, a link into /etc). Aliases such as Asia/Calcutta or Europe/Kiev are symlinks
# in tzdata; they become regular copies, because a zip has no portable symlinks and CLDR's windowsZones.xml
# maps some Windows zones to exactly those old names. Writes DESTINATION.stamp last (the build's output).
cmake_minimum_required(VERSION 3.25)
foreach(var SOURCE DESTINATION)
    if(NOT DEFINED ${var} OR "${${var}}" STREQUAL "")
        message(FATAL_ERROR "StageZoneinfo.cmake: -D${var}=... is required")
    endif()
endforeach()
if(NOT EXISTS "${SOURCE}/Europe/Berlin")
    message(FATAL_ERROR "StageZoneinfo.cmake: ${SOURCE} holds no time zone database (apt-get install tzdata)")
endif()

file(GLOB_RECURSE entries LIST_DIRECTORIES false RELATIVE "${SOURCE}" "${SOURCE}/*")
list(FILTER entries EXCLUDE REGEX "^(right|posix)/|^localtime$")
file(REMOVE_RECURSE "${DESTINATION}")
set(count 0)
foreach(entry IN LISTS entries)
    if(NOT EXISTS "${SOURCE}/${entry}") # a dangling link
        continue()
    endif()
    # configure_file follows symlinks: each alias becomes a regular file under its own name.
    configure_file("${SOURCE}/${entry}" "${DESTINATION}/${entry}" COPYONLY)
    math(EXPR count "${count} + 1")
endforeach()
file(WRITE "${DESTINATION}.stamp" "${count} files from ${SOURCE}\n")
message(STATUS "Time zone database: ${count} files from ${SOURCE} in ${DESTINATION}")
