#include "platform/Pipe.h"
#include "platform/BrokenPipe.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <thread>

using OuraMcp::Platform::Pipe;

TEST(Pipe, CarriesBytesBetweenThreadsAndEndsWhenTheWriteEndCloses)
{
    Pipe pipe;
    EXPECT_NE(pipe.readEnd(), Pipe::asStream(Pipe::Closed));
    EXPECT_NE(pipe.writeEnd(), Pipe::asStream(Pipe::Closed));
    const std::string big(200000, 'x'); // more than the pipe holds: write blocks until the reader catches up
    std::thread writer([&] {
        pipe.write("hello\n", 6);
        pipe.write(big.data(), big.size());
        pipe.closeWrite();
    });
    std::string got;
    char buffer[4096];
    while (const std::size_t n = pipe.read(buffer, sizeof buffer))
        got.append(buffer, n);
    writer.join();
    EXPECT_EQ(got, "hello\n" + big);
    EXPECT_EQ(pipe.writeEnd(), Pipe::asStream(Pipe::Closed));
    pipe.closeWrite(); // twice is fine
}

TEST(Pipe, WritingWithoutAReaderThrows)
{
    OuraMcp::Platform::BrokenPipe::ignoreSignal(); // POSIX: EPIPE instead of SIGPIPE
    Pipe pipe;
    pipe.closeRead();
    EXPECT_THROW(pipe.write("x", 1), std::runtime_error);
}
