-- The roll-up trigger no longer upserts the four roll-up tables at commit: it appends the change to
-- workorder_stats_delta, and workorder_stats_fold() adds the pending deltas to the roll-ups in one
-- statement (the deltas grouped per key first, so a burst of a thousand orders in one street is one
-- upsert per roll-up row, not a thousand).
--
-- Why: with the upserts at commit, every transaction that filed or changed an order locked the
-- (day, node, unit, category) rows of its place and queued behind any other committing the same
-- place and category (most of a busy street's hotline orders); at 8 concurrent submissions the
-- trigger was the costliest statement of the intake (0.87 ms a call, mostly waiting on those rows).
-- An append takes no lock anyone else wants.
--
-- Exactness: readers fold before they read (WorkOrderStats.foldPending, called by Indicators), a
-- scheduled fold keeps the table short, and WorkOrderStats.rebuild folds under its table locks. The
-- fold deletes the deltas it adds in the same statement, so a crash loses or doubles nothing; folds
-- are serialised by a transaction-level advisory lock. The table has no index on purpose: it is
-- appended to on every change and read whole by the fold.
CREATE TABLE workorder_stats_delta (
  day               DATE NOT NULL,
  territory_code    VARCHAR(24) NOT NULL,    -- the order's own node (street grain derived at fold)
  unit              VARCHAR(200) NOT NULL,
  category_code     VARCHAR(40) NOT NULL,
  received          INT NOT NULL,
  accepted          INT NOT NULL,
  accepted_in_time  INT NOT NULL,
  resolved          INT NOT NULL,
  rated             INT NOT NULL,
  satisfied         INT NOT NULL,
  overdue           INT NOT NULL
);

-- Same signature as before (V10/V60), so the trigger function is unchanged.
CREATE OR REPLACE FUNCTION workorder_stats_add(d DATE, t VARCHAR, u VARCHAR, c VARCHAR, s INT, m INT[]) RETURNS void LANGUAGE sql AS $$
  INSERT INTO workorder_stats_delta (day, territory_code, unit, category_code, received, accepted,
      accepted_in_time, resolved, rated, satisfied, overdue)
  VALUES (d, t, u, c, s * m[1], s * m[2], s * m[3], s * m[4], s * m[5], s * m[6], s * m[7])
$$;

-- Adds every pending delta to the four roll-ups and removes it; returns the number of delta rows.
-- 7212026 is the advisory lock key of the fold (any constant; only folds and rebuilds take it).
CREATE FUNCTION workorder_stats_fold() RETURNS BIGINT LANGUAGE plpgsql AS $$
DECLARE
  n BIGINT;
BEGIN
  PERFORM pg_advisory_xact_lock(7212026);
  WITH d AS (DELETE FROM workorder_stats_delta RETURNING *),
  g AS (
    SELECT day, territory_code, unit, category_code, sum(received)::int AS received, sum(accepted)::int AS accepted,
      sum(accepted_in_time)::int AS accepted_in_time, sum(resolved)::int AS resolved, sum(rated)::int AS rated,
      sum(satisfied)::int AS satisfied, sum(overdue)::int AS overdue, count(*) AS n
    FROM d GROUP BY 1, 2, 3, 4),
  -- a group whose changes cancel out (an order moved and moved back) adds nothing
  v AS (SELECT * FROM g WHERE received <> 0 OR accepted <> 0 OR accepted_in_time <> 0 OR resolved <> 0
        OR rated <> 0 OR satisfied <> 0 OR overdue <> 0),
  daily AS (
    INSERT INTO workorder_daily_stats AS w (day, territory_code, unit, category_code, received, accepted,
        accepted_in_time, resolved, rated, satisfied, overdue)
    SELECT day, territory_code, unit, category_code, received, accepted, accepted_in_time, resolved, rated,
      satisfied, overdue FROM v
    ON CONFLICT (day, territory_code, unit, category_code) DO UPDATE SET
      received = w.received + excluded.received, accepted = w.accepted + excluded.accepted,
      accepted_in_time = w.accepted_in_time + excluded.accepted_in_time, resolved = w.resolved + excluded.resolved,
      rated = w.rated + excluded.rated, satisfied = w.satisfied + excluded.satisfied,
      overdue = w.overdue + excluded.overdue),
  monthly AS (
    INSERT INTO workorder_monthly_stats AS w (month, territory_code, unit, category_code, received, accepted,
        accepted_in_time, resolved, rated, satisfied, overdue)
    SELECT date_trunc('month', day)::date, territory_code, unit, category_code, sum(received), sum(accepted),
      sum(accepted_in_time), sum(resolved), sum(rated), sum(satisfied), sum(overdue)
    FROM v GROUP BY 1, 2, 3, 4
    ON CONFLICT (month, territory_code, unit, category_code) DO UPDATE SET
      received = w.received + excluded.received, accepted = w.accepted + excluded.accepted,
      accepted_in_time = w.accepted_in_time + excluded.accepted_in_time, resolved = w.resolved + excluded.resolved,
      rated = w.rated + excluded.rated, satisfied = w.satisfied + excluded.satisfied,
      overdue = w.overdue + excluded.overdue),
  street_daily AS (
    INSERT INTO workorder_street_daily_stats AS w (day, territory_code, unit, category_code, received, accepted,
        accepted_in_time, resolved, rated, satisfied, overdue)
    SELECT day, workorder_street_key(territory_code), unit, category_code, sum(received), sum(accepted),
      sum(accepted_in_time), sum(resolved), sum(rated), sum(satisfied), sum(overdue)
    FROM v GROUP BY 1, 2, 3, 4
    ON CONFLICT (day, territory_code, unit, category_code) DO UPDATE SET
      received = w.received + excluded.received, accepted = w.accepted + excluded.accepted,
      accepted_in_time = w.accepted_in_time + excluded.accepted_in_time, resolved = w.resolved + excluded.resolved,
      rated = w.rated + excluded.rated, satisfied = w.satisfied + excluded.satisfied,
      overdue = w.overdue + excluded.overdue),
  street_monthly AS (
    INSERT INTO workorder_street_monthly_stats AS w (month, territory_code, unit, category_code, received, accepted,
        accepted_in_time, resolved, rated, satisfied, overdue)
    SELECT date_trunc('month', day)::date, workorder_street_key(territory_code), unit, category_code, sum(received),
      sum(accepted), sum(accepted_in_time), sum(resolved), sum(rated), sum(satisfied), sum(overdue)
    FROM v GROUP BY 1, 2, 3, 4
    ON CONFLICT (month, territory_code, unit, category_code) DO UPDATE SET
      received = w.received + excluded.received, accepted = w.accepted + excluded.accepted,
      accepted_in_time = w.accepted_in_time + excluded.accepted_in_time, resolved = w.resolved + excluded.resolved,
      rated = w.rated + excluded.rated, satisfied = w.satisfied + excluded.satisfied,
      overdue = w.overdue + excluded.overdue)
  -- (data-modifying WITH parts run to completion whether or not the final SELECT reads them)
  SELECT coalesce(sum(g.n), 0) INTO n FROM g;
  RETURN n;
END
$$;
