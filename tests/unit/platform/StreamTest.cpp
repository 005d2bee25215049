// The stdio engine's streams (StreamReader, StreamWriter) through their interface, over an in-process pipe: the
// same tests run against poll() on Linux and against the reader and writer threads of the Windows
// implementation under Wine. A raised StopSignal must end a read that waits for input and a write that waits
// for a reader, and data and the end of input must come through as they are.
#include "platform/BrokenPipe.h"
#include "platform/Pipe.h"
#include "platform/StopSignal.h"
#include "platform/StreamReader.h"
#include "platform/StreamWriter.h"

#include <gtest/gtest.h>

#include <future>
#include <string>
#include <thread>

using namespace OuraMcp::Platform;

namespace {

std::string readAll(StreamReader& reader)
{
    std::string got;
    char buffer[4096];
    for (;;)
    {
        std::size_t n = 0;
        if (reader.read(buffer, sizeof buffer, n) != StreamReader::Status::Data)
            return got;
        got.append(buffer, n);
    }
}

} // namespace

TEST(StreamReader, DeliversEveryByteThenTheEnd)
{
    Pipe pipe;
    StopSignal stop;
    StreamReader reader(pipe.readEnd(), stop);
    const std::string big(300000, 'y');
    std::thread writer([&] {
        pipe.write("line\n", 5);
        pipe.write(big.data(), big.size());
        pipe.closeWrite();
    });
    EXPECT_EQ(readAll(reader), "line\n" + big);
    writer.join();
    std::size_t n = 0;
    char c;
    EXPECT_EQ(reader.read(&c, 1, n), StreamReader::Status::End);
}

TEST(StreamReader, AStopEndsAReadThatWaitsForInput)
{
    Pipe pipe; // nobody writes
    StopSignal stop;
    StreamReader reader(pipe.readEnd(), stop);
    auto result = std::async(std::launch::async, [&] {
        char buffer[16];
        std::size_t n = 0;
        return reader.read(buffer, sizeof buffer, n);
    });
    stop.raise(); // whether the read is already waiting or not: the stop is sticky
    EXPECT_EQ(result.get(), StreamReader::Status::Stopped);
}

TEST(StreamWriter, WritesEverythingAndAStopEndsAWriteNobodyReads)
{
    BrokenPipe::ignoreSignal();
    Pipe pipe;
    StopSignal stop;
    StreamWriter writer(pipe.writeEnd(), stop);
    std::size_t written = 0;
    EXPECT_EQ(writer.write("hello\n", 6, written), StreamWriter::Status::Written);
    EXPECT_EQ(written, 6u);
    char buffer[6];
    EXPECT_EQ(pipe.read(buffer, sizeof buffer), 6u);
    EXPECT_EQ(std::string(buffer, 6), "hello\n");

    // Far more than a pipe holds, and nobody reads: the write waits until the stop, then reports it.
    const std::string big(8 * 1024 * 1024, 'z');
    auto result =
        std::async(std::launch::async, [&] { return writer.write(big.data(), big.size(), written); });
    stop.raise();
    EXPECT_EQ(result.get(), StreamWriter::Status::Stopped);
    EXPECT_LT(written, big.size());
}

TEST(StreamWriter, AClosedReaderIsAFailureWithItsReason)
{
    BrokenPipe::ignoreSignal();
    Pipe pipe;
    StopSignal stop;
    StreamWriter writer(pipe.writeEnd(), stop);
    pipe.closeRead();
    std::size_t written = 0;
    EXPECT_EQ(writer.write("x\n", 2, written), StreamWriter::Status::Failed);
    EXPECT_FALSE(writer.error().empty());
}
