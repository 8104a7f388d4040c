-- Seals of villages and communities, each kept by a custodian (the village clerk by default) and,
-- once bound, inside a device sleeve that unlocks only under a one-time authorisation.
CREATE TABLE seal_seal (
  id              UUID PRIMARY KEY,
  village_code    VARCHAR(24) NOT NULL,
  seal_type       VARCHAR(30) NOT NULL,
  name            VARCHAR(100) NOT NULL,
  custodian_id    UUID,
  custodian_name  VARCHAR(60),
  status          VARCHAR(12) NOT NULL DEFAULT 'ACTIVE',
  device_id       VARCHAR(64) UNIQUE,
  last_heard_at   TIMESTAMPTZ,
  silent_flagged  BOOLEAN NOT NULL DEFAULT FALSE,
  created_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX seal_seal_village_idx ON seal_seal (village_code text_pattern_ops);

-- The village-level power list (村级小微权力清单): what a seal may be used for, which seals, who approves.
CREATE TABLE seal_power_item (
  code              VARCHAR(40) PRIMARY KEY,
  name_zh           VARCHAR(100) NOT NULL,
  name_en           VARCHAR(100) NOT NULL,
  seal_types        VARCHAR(200) NOT NULL,
  approval_chain    VARCHAR(200) NOT NULL,
  document_required BOOLEAN NOT NULL DEFAULT TRUE,
  max_impressions   INT NOT NULL DEFAULT 5,
  active            BOOLEAN NOT NULL DEFAULT TRUE,
  sort_order        INT NOT NULL DEFAULT 0
);

CREATE TABLE seal_application (
  id              UUID PRIMARY KEY,
  number          VARCHAR(30) NOT NULL UNIQUE,
  village_code    VARCHAR(24) NOT NULL,
  item_code       VARCHAR(40) NOT NULL REFERENCES seal_power_item (code),
  seal_id         UUID NOT NULL REFERENCES seal_seal (id),
  applicant_id    UUID,
  applicant_name  VARCHAR(60) NOT NULL,
  submitted_by    VARCHAR(60) NOT NULL,
  purpose         VARCHAR(500) NOT NULL,
  impressions     INT NOT NULL,
  status          VARCHAR(12) NOT NULL,
  step            INT NOT NULL DEFAULT 0,
  used            INT NOT NULL DEFAULT 0,
  submitted_at    TIMESTAMPTZ NOT NULL,
  approved_at     TIMESTAMPTZ,
  first_stamp_at  TIMESTAMPTZ,
  closed_at       TIMESTAMPTZ
);
CREATE INDEX seal_application_village_idx ON seal_application (village_code text_pattern_ops, submitted_at DESC);
CREATE INDEX seal_application_applicant_idx ON seal_application (applicant_id, submitted_at DESC);
CREATE INDEX seal_application_status_idx ON seal_application (status, village_code);

CREATE TABLE seal_approval (
  id              BIGSERIAL PRIMARY KEY,
  application_id  UUID NOT NULL REFERENCES seal_application (id),
  step            INT NOT NULL,
  role            VARCHAR(40) NOT NULL,
  decision        VARCHAR(10) NOT NULL,
  actor_id        UUID,
  actor_name      VARCHAR(60) NOT NULL,
  comment         VARCHAR(500),
  at              TIMESTAMPTZ NOT NULL,
  UNIQUE (application_id, step)
);

-- Metadata of the document to be stamped; the bytes live in a content-addressed store.
CREATE TABLE seal_document (
  id              UUID PRIMARY KEY,
  application_id  UUID NOT NULL REFERENCES seal_application (id),
  sha256          CHAR(64) NOT NULL,
  filename        VARCHAR(200) NOT NULL,
  content_type    VARCHAR(100) NOT NULL,
  size_bytes      BIGINT NOT NULL,
  pages           INT NOT NULL,
  uploaded_at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX seal_document_application_idx ON seal_document (application_id);

CREATE TABLE seal_authorisation (
  id              UUID PRIMARY KEY,
  application_id  UUID NOT NULL UNIQUE REFERENCES seal_application (id),
  seal_id         UUID NOT NULL REFERENCES seal_seal (id),
  device_id       VARCHAR(64) NOT NULL,
  impressions     INT NOT NULL,
  used            INT NOT NULL DEFAULT 0,
  not_before      TIMESTAMPTZ NOT NULL,
  expires_at      TIMESTAMPTZ NOT NULL,
  nonce           VARCHAR(64) NOT NULL,
  command_id      UUID,
  state           VARCHAR(14) NOT NULL,
  created_at      TIMESTAMPTZ NOT NULL,
  updated_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX seal_authorisation_command_idx ON seal_authorisation (command_id);
CREATE INDEX seal_authorisation_open_idx ON seal_authorisation (state, expires_at);

-- The seal-sleeve events as applied, for reconciliation and the trace of one use.
CREATE TABLE seal_device_event (
  position          BIGINT PRIMARY KEY,
  device_id         VARCHAR(64) NOT NULL,
  seal_id           UUID,
  authorisation_id  UUID,
  seq               BIGINT NOT NULL,
  type              VARCHAR(20) NOT NULL,
  k                 INT,
  photo_sha256      VARCHAR(64),
  photo_state       VARCHAR(10),
  device_time       TIMESTAMPTZ NOT NULL,
  received_at       TIMESTAMPTZ NOT NULL,
  late              BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX seal_device_event_auth_idx ON seal_device_event (authorisation_id, position);
CREATE INDEX seal_device_event_photo_idx ON seal_device_event (photo_state, received_at) WHERE photo_state = 'PENDING';

CREATE TABLE seal_anomaly (
  id                 UUID PRIMARY KEY,
  source_key         VARCHAR(200) NOT NULL UNIQUE,
  type               VARCHAR(30) NOT NULL,
  village_code       VARCHAR(24) NOT NULL,
  seal_id            UUID,
  device_id          VARCHAR(64),
  application_id     UUID,
  authorisation_id   UUID,
  detail             VARCHAR(500),
  at                 TIMESTAMPTZ NOT NULL,
  work_order_number  VARCHAR(40)
);
CREATE INDEX seal_anomaly_village_idx ON seal_anomaly (village_code text_pattern_ops, at DESC);

-- Where the feed reader stands; locked FOR UPDATE so that one instance applies a batch at a time.
CREATE TABLE seal_feed_cursor (
  kind      VARCHAR(20) PRIMARY KEY,
  position  BIGINT NOT NULL
);
INSERT INTO seal_feed_cursor (kind, position) VALUES ('SEAL_SLEEVE', 0);

CREATE SEQUENCE seal_application_number_seq;
