// The LP64 layout of every ABI struct, checked at compile time (static_assert) and reported per field at
// run time, against the current header. See layout_expectations.h.
#include "layout_expectations.h"

#include <oura_mcp/plugin_abi.h>

#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>

#if defined(__LP64__) || defined(_LP64)

#define STATIC_OFFSET(type, field, offset)                                                                   \
    static_assert(offsetof(type, field) == (offset), #type "." #field " moved");
OMCP_ABI_OFFSETS(STATIC_OFFSET)

#define STATIC_SIZE(type, size, mayGrow)                                                                     \
    static_assert((mayGrow) ? sizeof(type) >= (size) : sizeof(type) == (size),                               \
                  "sizeof(" #type ") shrank or changed");
OMCP_ABI_SIZES(STATIC_SIZE)

TEST(AbiLayout, EveryFieldIsAtItsOneDotZeroOffset)
{
#define EXPECT_OFFSET(type, field, offset)                                                                   \
    EXPECT_EQ(offsetof(type, field), static_cast<std::size_t>(offset)) << #type "." #field;
    OMCP_ABI_OFFSETS(EXPECT_OFFSET)
}

TEST(AbiLayout, StructsOnlyGrow)
{
#define EXPECT_SIZE(type, size, mayGrow)                                                                     \
    if (mayGrow)                                                                                             \
        EXPECT_GE(sizeof(type), static_cast<std::size_t>(size)) << #type;                                    \
    else                                                                                                     \
        EXPECT_EQ(sizeof(type), static_cast<std::size_t>(size)) << #type;
    OMCP_ABI_SIZES(EXPECT_SIZE)
}

TEST(AbiLayout, FrozenConstants)
{
    EXPECT_EQ(OMCP_PLUGIN_DESC_V1_0_SIZE, 72u);
    EXPECT_EQ(OMCP_TOOL_DESC_V1_0_SIZE, 72u);
    EXPECT_EQ(OMCP_RESOURCE_DESC_V1_0_SIZE, 64u);
    EXPECT_EQ(OMCP_PROMPT_DESC_V1_0_SIZE, 64u);
    EXPECT_EQ(OMCP_COLLECTION_REQUEST_V1_0_SIZE, 72u);
    EXPECT_EQ(OMCP_ABI_MAJOR, 1);
    EXPECT_STREQ(OMCP_ABI_TAG, "oura-mcp");
    EXPECT_STREQ(OMCP_ENTRY_SYMBOL, "omcp_plugin_describe");
    EXPECT_EQ(OMCP_BYTE_ORDER_MARK, 0x01020304u);
    EXPECT_EQ(OMCP_TOOL_READ_ONLY, 1u);
    EXPECT_EQ(OMCP_TOOL_IDEMPOTENT, 2u);
    EXPECT_EQ(OMCP_TOOL_OPEN_WORLD, 4u);
    EXPECT_EQ(OMCP_TOOL_DESTRUCTIVE, 8u);
    EXPECT_EQ(OMCP_RESOURCE_SECTION, 1u);
    EXPECT_EQ(OMCP_COLLECTION_RAW, 1u);
    EXPECT_EQ(OMCP_PROMPT_ARGUMENT_REQUIRED, 1u);
    EXPECT_EQ(OMCP_ROLE_USER, 0);
    EXPECT_EQ(OMCP_ROLE_ASSISTANT, 1);
    EXPECT_EQ(OMCP_LOG_DEBUG, 0);
    EXPECT_EQ(OMCP_LOG_ERROR, 3);
    const int statuses[] = {OMCP_OK,
                            OMCP_E_INVALID_ARGUMENT,
                            OMCP_E_NOT_FOUND,
                            -3, // retired, never reused
                            OMCP_E_AUTH_REQUIRED,
                            OMCP_E_FORBIDDEN,
                            OMCP_E_RATE_LIMITED,
                            OMCP_E_UPSTREAM,
                            OMCP_E_UNSUPPORTED,
                            OMCP_E_CANCELLED,
                            OMCP_E_WRONG_PHASE,
                            OMCP_E_INTERNAL};
    for (int i = 0; i < 12; ++i)
        EXPECT_EQ(statuses[i], -i);
}

TEST(AbiLayout, EveryFlagsFieldHasAKnownMaskCoveringItsBits)
{
    EXPECT_EQ(OMCP_TOOL_KNOWN_FLAGS,
              OMCP_TOOL_READ_ONLY | OMCP_TOOL_IDEMPOTENT | OMCP_TOOL_OPEN_WORLD | OMCP_TOOL_DESTRUCTIVE);
    EXPECT_EQ(OMCP_RESOURCE_KNOWN_FLAGS, OMCP_RESOURCE_SECTION);
    EXPECT_EQ(OMCP_COLLECTION_KNOWN_FLAGS, OMCP_COLLECTION_RAW);
    EXPECT_EQ(OMCP_PROMPT_ARGUMENT_KNOWN_FLAGS, OMCP_PROMPT_ARGUMENT_REQUIRED);
    EXPECT_EQ(OMCP_PROMPT_KNOWN_FLAGS, 0u);
}

TEST(AbiLayout, LiteralsCarryTheirLength)
{
    const omcp_kv kv = {OMCP_LITERAL("fields"), OMCP_LITERAL("")};
    EXPECT_EQ(kv.key.len, 6u);
    EXPECT_STREQ(kv.key.data, "fields");
    EXPECT_EQ(kv.value.len, 0u);
}

TEST(AbiLayout, DescriptorHeaderMayDeclareAnOlderMinor)
{
    const omcp_plugin_desc d = {
        OMCP_PLUGIN_DESC_HEADER_FOR_MINOR(0), "x", "1", "x", nullptr, nullptr, nullptr};
    EXPECT_EQ(d.abi_minor, 0);
    EXPECT_EQ(d.struct_size, sizeof(omcp_plugin_desc));
    const omcp_plugin_desc current = {OMCP_PLUGIN_DESC_HEADER, "x", "1", "x", nullptr, nullptr, nullptr};
    EXPECT_EQ(current.abi_minor, OMCP_ABI_MINOR);
}

TEST(AbiLayout, HasFieldSeesAnOlderHostTable)
{
    omcp_host_api api{};
    api.struct_size = static_cast<uint32_t>(offsetof(omcp_host_api, today));
    EXPECT_TRUE(OMCP_HAS_FIELD(omcp_host_api, &api, now_unix_ms));
    EXPECT_FALSE(OMCP_HAS_FIELD(omcp_host_api, &api, today));
    api.struct_size = sizeof api;
    EXPECT_TRUE(OMCP_HAS_FIELD(omcp_host_api, &api, is_cancelled));
}

#endif
