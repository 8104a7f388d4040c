-- The staff's new-order notices are written after their orders commit, in batches, by a thread of
-- each running instance (NewOrderNotices). Each instance keeps a mark here: every order it filed
-- before sent_before has had its notice written. alive_at is refreshed while the instance runs; a
-- row left behind by an instance that died (alive_at old) tells the survivors, or the instance when
-- it comes back, from where to write the notices again (notices are idempotent by their event key).
CREATE TABLE workorder_notice_mark (
    instance_id UUID PRIMARY KEY,
    sent_before TIMESTAMPTZ NOT NULL,
    alive_at    TIMESTAMPTZ NOT NULL
);
