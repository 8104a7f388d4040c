-- Notices of every module. A row goes either to one user or to a territory node's queue (every
-- staff member whose jurisdiction covers the node sees it); recipient is the key of either
-- ("user:<uuid>" / "territory:<code>"), or "mail" for an e-mail-only notice to an address without an
-- account (never shown). One row per event and recipient, so a redelivered event lands on the row
-- already written and sends no second e-mail. The text is a message key with arguments, rendered in
-- the reader's language when shown.
CREATE TABLE notification_notice (
  id                  BIGSERIAL PRIMARY KEY,
  event_key           VARCHAR(200) NOT NULL,
  recipient           VARCHAR(80) NOT NULL,
  recipient_user      UUID,
  recipient_territory VARCHAR(24),
  source              VARCHAR(40) NOT NULL,
  message_key         VARCHAR(120) NOT NULL,
  args                TEXT[] NOT NULL DEFAULT '{}',
  link                VARCHAR(300),
  created_at          TIMESTAMPTZ NOT NULL,
  CONSTRAINT notification_notice_once UNIQUE (event_key, recipient),
  CONSTRAINT notification_notice_one_recipient CHECK (recipient_user IS NULL OR recipient_territory IS NULL)
);
CREATE INDEX notification_notice_user ON notification_notice (recipient_user, id) WHERE recipient_user IS NOT NULL;
CREATE INDEX notification_notice_territory ON notification_notice (recipient_territory text_pattern_ops, id)
  WHERE recipient_territory IS NOT NULL;

-- Read marks per reader (a territory notice is read by each staff member separately).
CREATE TABLE notification_read (
  notice_id BIGINT NOT NULL REFERENCES notification_notice (id) ON DELETE CASCADE,
  user_id   UUID NOT NULL,
  read_at   TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (notice_id, user_id)
);
