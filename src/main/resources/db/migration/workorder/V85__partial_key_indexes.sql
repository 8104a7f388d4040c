-- The idempotency key and the requester are absent from most orders (hotline and visit entries,
-- patrol apps that send no key), yet every order was entered into both indexes under NULL: two of
-- the order row's twelve index insertions and their WAL records, for entries no query reads
-- (look-ups are by equality, which never matches NULL). Partial indexes hold only the orders that
-- have them; equality on the column implies IS NOT NULL, so the same queries use them. Uniqueness
-- of the key is unchanged (NULLs never conflicted).
ALTER TABLE workorder_order DROP CONSTRAINT workorder_order_idempotency_key_key;
CREATE UNIQUE INDEX workorder_order_idempotency_key_key ON workorder_order (idempotency_key)
  WHERE idempotency_key IS NOT NULL;

DROP INDEX workorder_order_requester_idx;
CREATE INDEX workorder_order_requester_idx ON workorder_order (requester_id, submitted_at DESC)
  WHERE requester_id IS NOT NULL;
