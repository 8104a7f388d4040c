-- A coarser read roll-up: the same measures and keys as workorder_daily_stats, per calendar month
-- (Asia/Shanghai) of submission. A city-month reads ~10K of these rows instead of ~70K daily rows;
-- Indicators.rates reads whole months here and the leftover days of a period from the daily table.
-- Kept by the same trigger path (workorder_stats_add now writes both tables in the same
-- transaction); bulk loads add their sums to both; WorkOrderStats.rebuild recomputes the months it
-- touches from the daily rows.
CREATE TABLE workorder_monthly_stats (
  month             DATE NOT NULL,           -- first day of the month
  territory_code    VARCHAR(24) NOT NULL,
  unit              VARCHAR(200) NOT NULL,
  category_code     VARCHAR(40) NOT NULL,
  received          INT NOT NULL DEFAULT 0,
  accepted          INT NOT NULL DEFAULT 0,
  accepted_in_time  INT NOT NULL DEFAULT 0,
  resolved          INT NOT NULL DEFAULT 0,
  rated             INT NOT NULL DEFAULT 0,
  satisfied         INT NOT NULL DEFAULT 0,
  overdue           INT NOT NULL DEFAULT 0,
  PRIMARY KEY (month, territory_code, unit, category_code)
);
CREATE INDEX workorder_monthly_stats_territory_idx ON workorder_monthly_stats (territory_code text_pattern_ops, month)
  INCLUDE (unit, category_code, received, accepted, accepted_in_time, resolved, rated, satisfied, overdue);

CREATE OR REPLACE FUNCTION workorder_stats_add(d DATE, t VARCHAR, u VARCHAR, c VARCHAR, s INT, m INT[]) RETURNS void LANGUAGE sql AS $$
  INSERT INTO workorder_daily_stats AS w (day, territory_code, unit, category_code, received, accepted,
      accepted_in_time, resolved, rated, satisfied, overdue)
  VALUES (d, t, u, c, s * m[1], s * m[2], s * m[3], s * m[4], s * m[5], s * m[6], s * m[7])
  ON CONFLICT (day, territory_code, unit, category_code) DO UPDATE SET
    received = w.received + excluded.received, accepted = w.accepted + excluded.accepted,
    accepted_in_time = w.accepted_in_time + excluded.accepted_in_time, resolved = w.resolved + excluded.resolved,
    rated = w.rated + excluded.rated, satisfied = w.satisfied + excluded.satisfied,
    overdue = w.overdue + excluded.overdue;
  INSERT INTO workorder_monthly_stats AS w (month, territory_code, unit, category_code, received, accepted,
      accepted_in_time, resolved, rated, satisfied, overdue)
  VALUES (date_trunc('month', d)::date, t, u, c, s * m[1], s * m[2], s * m[3], s * m[4], s * m[5], s * m[6], s * m[7])
  ON CONFLICT (month, territory_code, unit, category_code) DO UPDATE SET
    received = w.received + excluded.received, accepted = w.accepted + excluded.accepted,
    accepted_in_time = w.accepted_in_time + excluded.accepted_in_time, resolved = w.resolved + excluded.resolved,
    rated = w.rated + excluded.rated, satisfied = w.satisfied + excluded.satisfied,
    overdue = w.overdue + excluded.overdue;
$$;

-- Existing roll-up rows (an upgraded database).
INSERT INTO workorder_monthly_stats
SELECT date_trunc('month', day)::date, territory_code, unit, category_code, sum(received), sum(accepted),
  sum(accepted_in_time), sum(resolved), sum(rated), sum(satisfied), sum(overdue)
FROM workorder_daily_stats GROUP BY 1, 2, 3, 4;

-- Lists within a territory scope, newest first (keyset on submitted_at, id): the prefix range
-- (LIKE '330102014%') and the order in one index. Supersedes the plain territory index.
CREATE INDEX workorder_order_territory_submitted_idx ON workorder_order (territory_code text_pattern_ops, submitted_at DESC, id);
DROP INDEX IF EXISTS workorder_order_territory_idx;
