-- The work order aggregate (Spring Data JDBC, optimistic locking on version).
CREATE SEQUENCE workorder_number_seq;

CREATE TABLE workorder_order (
  id                  UUID PRIMARY KEY,
  version             BIGINT NOT NULL,
  number              VARCHAR(32) NOT NULL UNIQUE,
  category_code       VARCHAR(40) NOT NULL,
  description         VARCHAR(2000) NOT NULL,
  territory_code      VARCHAR(24) NOT NULL,
  lat                 DOUBLE PRECISION,
  lng                 DOUBLE PRECISION,
  address             VARCHAR(300),
  channel             VARCHAR(20) NOT NULL,
  priority            VARCHAR(10) NOT NULL,
  state               VARCHAR(20) NOT NULL,
  anonymous           BOOLEAN NOT NULL DEFAULT FALSE,
  requester_id        UUID,
  requester_name      VARCHAR(100),
  requester_contact   VARCHAR(100),
  attributes          TEXT,
  idempotency_key     VARCHAR(200) UNIQUE,
  responsible_unit    VARCHAR(200),
  co_units            VARCHAR(1000),
  routing_note        VARCHAR(500),
  accepted_by         VARCHAR(100),
  public_reply        VARCHAR(4000),
  public_reason       VARCHAR(1000),
  rating              INT,
  rating_comment      VARCHAR(1000),
  solved              BOOLEAN,
  reopen_count        INT NOT NULL DEFAULT 0,
  merged_into         UUID,
  supervised          BOOLEAN NOT NULL DEFAULT FALSE,
  escalation_level    INT NOT NULL DEFAULT 0,
  submitted_at        TIMESTAMPTZ NOT NULL,
  accepted_at         TIMESTAMPTZ,
  replied_at          TIMESTAMPTZ,
  closed_at           TIMESTAMPTZ,
  accept_due_at       TIMESTAMPTZ,
  reply_due_at        TIMESTAMPTZ,
  paused_since        TIMESTAMPTZ,
  paused_seconds      BIGINT NOT NULL DEFAULT 0,
  due_soon            BOOLEAN NOT NULL DEFAULT FALSE,
  overdue             BOOLEAN NOT NULL DEFAULT FALSE,
  overdue_escalated   BOOLEAN NOT NULL DEFAULT FALSE,
  updated_at          TIMESTAMPTZ NOT NULL
);
CREATE INDEX workorder_order_territory_idx ON workorder_order (territory_code text_pattern_ops);
CREATE INDEX workorder_order_requester_idx ON workorder_order (requester_id, submitted_at DESC);
CREATE INDEX workorder_order_state_idx ON workorder_order (state, submitted_at DESC);
CREATE INDEX workorder_order_submitted_idx ON workorder_order (submitted_at DESC);
CREATE INDEX workorder_order_open_due_idx ON workorder_order (reply_due_at) WHERE state IN ('SUBMITTED','ACCEPTED','IN_PROGRESS','RETURNED');

-- The public timeline: one row per step, shown to the requester.
CREATE TABLE workorder_update (
  id             BIGSERIAL PRIMARY KEY,
  work_order_id  UUID NOT NULL REFERENCES workorder_order (id),
  at             TIMESTAMPTZ NOT NULL,
  state          VARCHAR(20) NOT NULL,
  action         VARCHAR(40) NOT NULL,
  actor          VARCHAR(100),
  public_text    VARCHAR(4000)
);
CREATE INDEX workorder_update_order_idx ON workorder_update (work_order_id, id);
CREATE INDEX workorder_update_at_idx ON workorder_update (at, id);

-- Internal notes: staff only, never on the public timeline.
CREATE TABLE workorder_note (
  id             BIGSERIAL PRIMARY KEY,
  work_order_id  UUID NOT NULL REFERENCES workorder_order (id),
  at             TIMESTAMPTZ NOT NULL,
  author         VARCHAR(100) NOT NULL,
  text           VARCHAR(4000) NOT NULL
);
CREATE INDEX workorder_note_order_idx ON workorder_note (work_order_id, id);

CREATE TABLE workorder_attachment (
  id             UUID PRIMARY KEY,
  work_order_id  UUID NOT NULL REFERENCES workorder_order (id),
  sha256         CHAR(64) NOT NULL,
  content_type   VARCHAR(40) NOT NULL,
  size_bytes     BIGINT NOT NULL,
  filename       VARCHAR(200),
  purpose        VARCHAR(20) NOT NULL,
  uploaded_by    VARCHAR(100),
  created_at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX workorder_attachment_order_idx ON workorder_attachment (work_order_id);
