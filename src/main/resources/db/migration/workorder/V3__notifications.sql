-- In-app notifications. A row goes either to one user (the requester) or to a territory node's
-- queue (every staff member whose jurisdiction covers the node sees it). recipient is the key of
-- either ("user:<uuid>" / "territory:<code>"): one row per event and recipient, so a redelivered
-- event lands on the row already written. Rows with recipient "mail" (neither user nor territory,
-- never shown) record an e-mail sent to a requester without an account, for the same reason.
CREATE TABLE workorder_notification (
  id                  BIGSERIAL PRIMARY KEY,
  event_key           VARCHAR(200) NOT NULL,
  recipient           VARCHAR(80) NOT NULL,
  recipient_user      UUID,
  recipient_territory VARCHAR(24),
  work_order_id       UUID NOT NULL,
  number              VARCHAR(32) NOT NULL,
  kind                VARCHAR(30) NOT NULL,
  detail              VARCHAR(1000),
  created_at          TIMESTAMPTZ NOT NULL,
  CONSTRAINT workorder_notification_once UNIQUE (event_key, recipient),
  CONSTRAINT workorder_notification_one_recipient CHECK (recipient_user IS NULL OR recipient_territory IS NULL)
);
CREATE INDEX workorder_notification_user ON workorder_notification (recipient_user, id) WHERE recipient_user IS NOT NULL;
CREATE INDEX workorder_notification_territory ON workorder_notification (recipient_territory text_pattern_ops, id)
  WHERE recipient_territory IS NOT NULL;

-- Read marks per reader (a territory notification is read by each staff member separately).
CREATE TABLE workorder_notification_read (
  notification_id BIGINT NOT NULL REFERENCES workorder_notification (id) ON DELETE CASCADE,
  user_id         UUID NOT NULL,
  read_at         TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (notification_id, user_id)
);
