#include "store/Migrations.h"

namespace OuraMcp::Store {

const std::vector<Migrations::Step>& Migrations::steps()
{
    static const std::vector<Step> all = {
        {1,
         {"CREATE TABLE users (id TEXT PRIMARY KEY, oura_user_id TEXT NOT NULL UNIQUE, created_at BIGINT NOT "
          "NULL)",
          "CREATE TABLE oura_tokens (user_id TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,"
          " sealed TEXT NOT NULL, updated_at BIGINT NOT NULL)"}},
        {2,
         {"CREATE TABLE clients (client_id TEXT PRIMARY KEY, kind TEXT NOT NULL, metadata TEXT NOT NULL,"
          " secret_hash TEXT NOT NULL, created_at BIGINT NOT NULL, expires_at BIGINT NOT NULL)",
          "CREATE TABLE grants (user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
          " client_id TEXT NOT NULL, scopes TEXT NOT NULL, resource TEXT NOT NULL, created_at BIGINT NOT "
          "NULL,"
          " PRIMARY KEY (user_id, client_id))",
          "CREATE TABLE authorization_codes (code_hash TEXT PRIMARY KEY, client_id TEXT NOT NULL,"
          " user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE, redirect_uri TEXT NOT NULL,"
          " code_challenge TEXT NOT NULL, scopes TEXT NOT NULL, resource TEXT NOT NULL,"
          " expires_at BIGINT NOT NULL, used BIGINT NOT NULL)",
          "CREATE TABLE refresh_families (family_id TEXT PRIMARY KEY,"
          " user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE, client_id TEXT NOT NULL,"
          " origin_code_hash TEXT NOT NULL, revoked BIGINT NOT NULL, created_at BIGINT NOT NULL)",
          "CREATE TABLE refresh_tokens (token_hash TEXT PRIMARY KEY,"
          " family_id TEXT NOT NULL REFERENCES refresh_families(family_id) ON DELETE CASCADE,"
          " client_id TEXT NOT NULL, user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
          " scopes TEXT NOT NULL, resource TEXT NOT NULL, expires_at BIGINT NOT NULL, spent BIGINT NOT NULL)",
          "CREATE TABLE access_tokens (token_hash TEXT PRIMARY KEY, client_id TEXT NOT NULL,"
          " user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE, scopes TEXT NOT NULL,"
          " resource TEXT NOT NULL, family_id TEXT NOT NULL, expires_at BIGINT NOT NULL)",
          "CREATE INDEX grants_client ON grants (client_id)",
          "CREATE INDEX codes_user ON authorization_codes (user_id)",
          "CREATE INDEX families_user ON refresh_families (user_id)",
          "CREATE INDEX families_code ON refresh_families (origin_code_hash)",
          "CREATE INDEX refresh_family ON refresh_tokens (family_id)",
          "CREATE INDEX access_family ON access_tokens (family_id)",
          "CREATE INDEX access_user ON access_tokens (user_id)"}},
    };
    return all;
}

std::int64_t Migrations::latestVersion()
{
    return steps().back().version;
}

} // namespace OuraMcp::Store
