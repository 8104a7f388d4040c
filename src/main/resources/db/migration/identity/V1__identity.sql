CREATE TABLE identity_user (
  id              UUID PRIMARY KEY,
  version         BIGINT NOT NULL,
  username        VARCHAR(60) NOT NULL UNIQUE,
  display_name    VARCHAR(100) NOT NULL,
  password_hash   VARCHAR(100),
  enabled         BOOLEAN NOT NULL DEFAULT TRUE,
  demo            BOOLEAN NOT NULL DEFAULT FALSE,
  failed_attempts INT NOT NULL DEFAULT 0,
  last_failed_at  TIMESTAMPTZ,
  locked_until    TIMESTAMPTZ,
  last_login_at   TIMESTAMPTZ,
  created_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE identity_user_role (
  user_id UUID NOT NULL REFERENCES identity_user (id) ON DELETE CASCADE,
  role    VARCHAR(40) NOT NULL,
  PRIMARY KEY (user_id, role)
);

-- A user's jurisdiction is the union of the subtrees under these nodes.
CREATE TABLE identity_user_binding (
  user_id        UUID NOT NULL REFERENCES identity_user (id) ON DELETE CASCADE,
  territory_code VARCHAR(24) NOT NULL,
  PRIMARY KEY (user_id, territory_code)
);
CREATE INDEX identity_user_binding_code_idx ON identity_user_binding (territory_code text_pattern_ops);

-- Every sign-in attempt, successful or not, by any channel.
CREATE TABLE identity_login_event (
  id          BIGSERIAL PRIMARY KEY,
  at          TIMESTAMPTZ NOT NULL DEFAULT now(),
  username    VARCHAR(100) NOT NULL,
  user_id     UUID,
  channel     VARCHAR(10) NOT NULL,
  outcome     VARCHAR(20) NOT NULL,
  remote_addr VARCHAR(64)
);
CREATE INDEX identity_login_event_user_idx ON identity_login_event (username, at DESC);
CREATE INDEX identity_login_event_at_idx ON identity_login_event (at DESC);
