-- API keys of Open311 clients. Only the SHA-256 of a key is kept: the clear key is shown once, when
-- it is issued. A revoked key stays (with its label) so that the list shows who had access.
CREATE TABLE open311_api_key (
  id          UUID PRIMARY KEY,
  key_hash    CHAR(64) NOT NULL UNIQUE,
  key_prefix  VARCHAR(12) NOT NULL,
  label       VARCHAR(100) NOT NULL,
  created_by  VARCHAR(60) NOT NULL,
  created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
  revoked     BOOLEAN NOT NULL DEFAULT FALSE,
  revoked_at  TIMESTAMPTZ,
  revoked_by  VARCHAR(60),
  last_used_at TIMESTAMPTZ,
  demo        BOOLEAN NOT NULL DEFAULT FALSE
);
