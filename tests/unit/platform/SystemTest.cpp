#include "platform/Browser.h"
#include "platform/Environment.h"
#include "platform/Memory.h"
#include "platform/Process.h"
#include "platform/RandomBytes.h"

#include <gtest/gtest.h>

#include <array>

using namespace OuraMcp::Platform;

TEST(RandomBytes, FillsTheWholeBufferWithFreshBytes)
{
    std::array<unsigned char, 600> a{};
    std::array<unsigned char, 600> b{};
    RandomBytes::fill(a.data(), a.size()); // more than getentropy's 256 bytes per call
    RandomBytes::fill(b.data(), b.size());
    EXPECT_NE(a, b);
    int zeros = 0;
    for (unsigned char c : a)
        zeros += c == 0;
    EXPECT_LT(zeros, 20);
    RandomBytes::fill(nullptr, 0);
}

TEST(Process, KnowsItselfAndTellsTheLivingFromTheAbsent)
{
    EXPECT_GT(Process::currentId(), 0);
    EXPECT_TRUE(Process::alive(Process::currentId()));
    EXPECT_FALSE(Process::alive(0));
    EXPECT_FALSE(Process::alive(-5));
    EXPECT_FALSE(Process::alive(0x7ffffff0L)); // beyond any pid the systems hand out
}

TEST(Environment, CopiesTheProcessEnvironment)
{
    const auto variables = Environment::current();
    EXPECT_FALSE(variables.empty());
    for (const auto& [name, value] : variables)
        EXPECT_FALSE(name.empty());
}

TEST(Memory, TheAllocatorKnobsAreSafeToCallAnyTime)
{
    Memory::tuneAllocator();
    Memory::returnFreeMemory();
}

TEST(Browser, OnlyPlainWebAddressesArePassedOn)
{
    // Each of these is refused before any launcher is started.
    EXPECT_FALSE(Browser::open(""));
    EXPECT_FALSE(Browser::open("file:///etc/passwd"));
    EXPECT_FALSE(Browser::open("C:\\Windows\\System32\\calc.exe"));
    EXPECT_FALSE(Browser::open("javascript:alert(1)"));
    EXPECT_FALSE(Browser::open("https://example.com/a b"));
    EXPECT_FALSE(Browser::open("https://example.com/\n--help"));
}
