-- WLL Receipts Core authentication: tenant API keys and the RS256 keys that sign bearer tokens.

-- A tenant API key (X-Api-Key) names its workspace. Stored as its SHA-256 hash only.
CREATE TABLE wll_api_keys (
  workspace_id TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  key_hash     TEXT NOT NULL UNIQUE,
  created_at   TEXT NOT NULL
) STRICT;

CREATE INDEX wll_api_keys_by_workspace ON wll_api_keys (workspace_id);

-- One RS256 key pair per workspace, as JWKs. The sandbox does not rotate keys, so the workspace
-- is the key: two processes racing to create it both insert with ON CONFLICT DO NOTHING and read
-- back the one that won. kid is the public key's RFC 7638 thumbprint, so it is unique across
-- workspaces and a key made after a reset never shares a kid with the one before.
CREATE TABLE wll_signing_keys (
  workspace_id TEXT PRIMARY KEY REFERENCES workspaces (id) ON DELETE CASCADE,
  kid          TEXT NOT NULL UNIQUE,
  public_jwk   TEXT NOT NULL,
  private_jwk  TEXT NOT NULL,
  created_at   TEXT NOT NULL
) STRICT;
