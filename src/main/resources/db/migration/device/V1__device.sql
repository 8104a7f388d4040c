-- Devices in the field and their Ed25519 credentials. The platform keeps only public keys and the
-- hash of each MQTT password; the private key is handed out once.
CREATE TABLE device_device (
  id                  VARCHAR(64) PRIMARY KEY,
  kind                VARCHAR(30) NOT NULL,
  territory_code      VARCHAR(24) NOT NULL,
  label               VARCHAR(200) NOT NULL,
  status              VARCHAR(20) NOT NULL,
  credential_version  INT NOT NULL DEFAULT 0,
  mqtt_password_hash  VARCHAR(100),
  last_seq            BIGINT NOT NULL DEFAULT 0,
  last_seen_at        TIMESTAMPTZ,
  battery             INT,
  firmware            VARCHAR(60),
  online              BOOLEAN NOT NULL DEFAULT FALSE,
  silent_raised_at    TIMESTAMPTZ,
  suppressed_anomalies BIGINT NOT NULL DEFAULT 0,
  created_at          TIMESTAMPTZ NOT NULL,
  created_by          VARCHAR(100) NOT NULL
);
CREATE INDEX device_device_territory_idx ON device_device (kind, territory_code text_pattern_ops);

-- One row per issued key. rotated_at: a newer key was issued then; a message signed with this key is
-- accepted only when its own time (at) is before it. revoked_at: nothing signed with it is accepted.
CREATE TABLE device_credential (
  device_id   VARCHAR(64) NOT NULL REFERENCES device_device (id),
  version     INT NOT NULL,
  public_key  BYTEA NOT NULL,
  public_spki BYTEA NOT NULL,
  issued_at   TIMESTAMPTZ NOT NULL,
  issued_by   VARCHAR(100) NOT NULL,
  rotated_at  TIMESTAMPTZ,
  revoked_at  TIMESTAMPTZ,
  PRIMARY KEY (device_id, version)
);

-- The feed: every verified event, in acceptance order. jws is the proof a trace shows.
CREATE TABLE device_event (
  position       BIGSERIAL PRIMARY KEY,
  device_id      VARCHAR(64) NOT NULL,
  kind           VARCHAR(30) NOT NULL,
  territory_code VARCHAR(24) NOT NULL,
  seq            BIGINT NOT NULL,
  type           VARCHAR(60) NOT NULL,
  device_time    TIMESTAMPTZ NOT NULL,
  received_at    TIMESTAMPTZ NOT NULL,
  late           BOOLEAN NOT NULL,
  body           JSONB NOT NULL,
  jws            TEXT NOT NULL,
  jws_sha256     CHAR(64) NOT NULL,
  CONSTRAINT device_event_seq UNIQUE (device_id, seq)
);
CREATE INDEX device_event_kind_idx ON device_event (kind, position);

CREATE TABLE device_anomaly (
  id             BIGSERIAL PRIMARY KEY,
  device_id      VARCHAR(64),
  kind           VARCHAR(30),
  territory_code VARCHAR(24),
  type           VARCHAR(30) NOT NULL,
  seq            BIGINT NOT NULL,
  detail         VARCHAR(500) NOT NULL,
  at             TIMESTAMPTZ NOT NULL
);
CREATE INDEX device_anomaly_device_idx ON device_anomaly (device_id, id);

CREATE TABLE device_command (
  id              UUID PRIMARY KEY,
  device_id       VARCHAR(64) NOT NULL REFERENCES device_device (id),
  type            VARCHAR(60) NOT NULL,
  body            JSONB NOT NULL,
  jws             TEXT NOT NULL,
  state           VARCHAR(20) NOT NULL,
  issued_at       TIMESTAMPTZ NOT NULL,
  not_before      TIMESTAMPTZ NOT NULL,
  expires_at      TIMESTAMPTZ NOT NULL,
  sent_count      INT NOT NULL DEFAULT 0,
  last_sent_at    TIMESTAMPTZ,
  acknowledged_at TIMESTAMPTZ,
  result          VARCHAR(60),
  reason          VARCHAR(500)
);
CREATE INDEX device_command_pending_idx ON device_command (expires_at) WHERE state = 'PENDING';
CREATE INDEX device_command_device_idx ON device_command (device_id, issued_at);
