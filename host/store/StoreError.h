#pragma once

#include <stdexcept>
#include <string>

namespace OuraMcp::Store {

/// A failure of the store (the database, the key, a sealed value). Its text names what failed and never carries
/// a token, a secret, a key or a user's data, so it may be logged as is.
class StoreError : public std::runtime_error
{
public:
    explicit StoreError(const std::string& message) : std::runtime_error(message) {}
};

/// The database was written by a newer oura-mcp: its schema version is above the highest this binary knows.
/// The store refuses to open it rather than read or write a schema it does not understand.
class SchemaTooNewError : public StoreError
{
public:
    explicit SchemaTooNewError(const std::string& message) : StoreError(message) {}
};

/// A sealed value could not be opened: unknown key id, wrong associated data, or a tampered ciphertext.
class SealedValueError : public StoreError
{
public:
    explicit SealedValueError(const std::string& message) : StoreError(message) {}
};

} // namespace OuraMcp::Store
