-- The daily roll-up trigger (V10) upserts one row per (day, territory, unit, category) and so locks
-- it from the order's INSERT/UPDATE until the transaction ends: every concurrent submission for
-- the same place and category queued behind the whole rest of the other's transaction (timeline
-- row, audit entry, event publication, round trips, commit). Fired as a deferred constraint trigger
-- the same function runs at commit instead, so the row is locked only for the upsert and the
-- commit itself. Same sums (OLD/NEW are captured when the row changes, so several updates of one
-- order in one transaction add up as before), same switch (SET LOCAL civicloop.rollup_off lasts
-- until commit); a reader inside the changing transaction sees the roll-up only after commit.
-- Only the V10 trigger is replaced, and only if it is still the plain one.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid
             WHERE t.tgrelid = 'workorder_order'::regclass AND t.tgname = 'workorder_daily_stats_trg'
               AND p.proname = 'workorder_daily_stats_trg' AND t.tgconstraint = 0) THEN
    DROP TRIGGER workorder_daily_stats_trg ON workorder_order;
    CREATE CONSTRAINT TRIGGER workorder_daily_stats_trg AFTER INSERT OR UPDATE OR DELETE ON workorder_order
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION workorder_daily_stats_trg();
  END IF;
END
$$;
