# Fails if a room other than host/platform tests for an operating system (_WIN32, __APPLE__, __linux__) or
# includes an operating system's own header (POSIX's unistd.h, sys/..., poll.h, fcntl.h, dlfcn.h, pthread.h,
# signal.h, malloc.h; Windows' windows.h, winsock2.h, ...): every such difference lives in the platform room
# (docs/platforms.md). Input: HOST (the host/ folder).
file(GLOB rooms LIST_DIRECTORIES true "${HOST}/*")
set(offenders "")
set(os_headers "unistd|sys/[a-z_]+|poll|fcntl|dlfcn|pthread|signal|csignal|malloc|netdb|netinet/[a-z_]+|arpa/[a-z_]+|pwd|termios|windows|winsock2|ws2tcpip|wincrypt|shlobj|io|direct")
foreach(room IN LISTS rooms)
    if(NOT IS_DIRECTORY "${room}" OR room MATCHES "/platform$")
        continue()
    endif()
    file(GLOB_RECURSE sources "${room}/*.h" "${room}/*.cpp")
    foreach(source IN LISTS sources)
        file(STRINGS "${source}" lines REGEX
             "^[ \t]*#[ \t]*(if|ifdef|ifndef|elif).*(_WIN32|__APPLE__|__linux__)|^[ \t]*#[ \t]*include[ \t]*<(${os_headers})\\.h>")
        foreach(line IN LISTS lines)
            string(APPEND offenders "\n  ${source}: ${line}")
        endforeach()
    endforeach()
endforeach()
if(offenders)
    message(FATAL_ERROR "operating-system code outside host/platform:${offenders}")
endif()
message(STATUS "no room but host/platform tests for or includes an operating system")
