-- Coarser read roll-ups at the street grain: the same measures and keys as workorder_daily_stats
-- and workorder_monthly_stats, but an order on a community, compound or grid node counts on its
-- street/town (the first 9 digits + '000'); orders on a district or city node keep their own code
-- (workorder_street_key). A city-month then reads about streets × categories rows (≈ 3K) instead of
-- nodes × categories (≈ 10K monthly, ≈ 70K daily); a street-month reads ≈ 15. Indicators.rates uses
-- them when every scope prefix is at street level or above (a community's viewers and "by
-- territory" inside a street still read the node grain). Kept by the same workorder_stats_add (now
-- four upserts), by the bulk generator's merge and by WorkOrderStats.rebuild (from the daily rows).
CREATE FUNCTION workorder_street_key(t VARCHAR) RETURNS VARCHAR LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN length(t) >= 12 THEN substring(t, 1, 9) || '000' ELSE t END
$$;

CREATE TABLE workorder_street_monthly_stats (
  month             DATE NOT NULL,           -- first day of the month
  territory_code    VARCHAR(24) NOT NULL,    -- workorder_street_key of the order's node
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
CREATE INDEX workorder_street_monthly_stats_territory_idx ON workorder_street_monthly_stats
  (territory_code text_pattern_ops, month)
  INCLUDE (unit, category_code, received, accepted, accepted_in_time, resolved, rated, satisfied, overdue);

CREATE TABLE workorder_street_daily_stats (
  day               DATE NOT NULL,
  territory_code    VARCHAR(24) NOT NULL,    -- workorder_street_key of the order's node
  unit              VARCHAR(200) NOT NULL,
  category_code     VARCHAR(40) NOT NULL,
  received          INT NOT NULL DEFAULT 0,
  accepted          INT NOT NULL DEFAULT 0,
  accepted_in_time  INT NOT NULL DEFAULT 0,
  resolved          INT NOT NULL DEFAULT 0,
  rated             INT NOT NULL DEFAULT 0,
  satisfied         INT NOT NULL DEFAULT 0,
  overdue           INT NOT NULL DEFAULT 0,
  PRIMARY KEY (day, territory_code, unit, category_code)
);
CREATE INDEX workorder_street_daily_stats_territory_idx ON workorder_street_daily_stats
  (territory_code text_pattern_ops, day)
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
  INSERT INTO workorder_street_daily_stats AS w (day, territory_code, unit, category_code, received, accepted,
      accepted_in_time, resolved, rated, satisfied, overdue)
  VALUES (d, workorder_street_key(t), u, c, s * m[1], s * m[2], s * m[3], s * m[4], s * m[5], s * m[6], s * m[7])
  ON CONFLICT (day, territory_code, unit, category_code) DO UPDATE SET
    received = w.received + excluded.received, accepted = w.accepted + excluded.accepted,
    accepted_in_time = w.accepted_in_time + excluded.accepted_in_time, resolved = w.resolved + excluded.resolved,
    rated = w.rated + excluded.rated, satisfied = w.satisfied + excluded.satisfied,
    overdue = w.overdue + excluded.overdue;
  INSERT INTO workorder_street_monthly_stats AS w (month, territory_code, unit, category_code, received, accepted,
      accepted_in_time, resolved, rated, satisfied, overdue)
  VALUES (date_trunc('month', d)::date, workorder_street_key(t), u, c, s * m[1], s * m[2], s * m[3], s * m[4],
      s * m[5], s * m[6], s * m[7])
  ON CONFLICT (month, territory_code, unit, category_code) DO UPDATE SET
    received = w.received + excluded.received, accepted = w.accepted + excluded.accepted,
    accepted_in_time = w.accepted_in_time + excluded.accepted_in_time, resolved = w.resolved + excluded.resolved,
    rated = w.rated + excluded.rated, satisfied = w.satisfied + excluded.satisfied,
    overdue = w.overdue + excluded.overdue;
$$;

-- Existing roll-up rows (an upgraded database).
INSERT INTO workorder_street_daily_stats
SELECT day, workorder_street_key(territory_code), unit, category_code, sum(received), sum(accepted),
  sum(accepted_in_time), sum(resolved), sum(rated), sum(satisfied), sum(overdue)
FROM workorder_daily_stats GROUP BY 1, 2, 3, 4;
INSERT INTO workorder_street_monthly_stats
SELECT date_trunc('month', day)::date, territory_code, unit, category_code, sum(received), sum(accepted),
  sum(accepted_in_time), sum(resolved), sum(rated), sum(satisfied), sum(overdue)
FROM workorder_street_daily_stats GROUP BY 1, 2, 3, 4;

-- Deep pages of a street's list: its orders sit under many node codes, so (territory_code,
-- submitted_at) does not give them newest first; this index does (WorkOrderQueries writes the
-- street condition as workorder_street_key(territory_code) = '…' when the scope is one street).
CREATE INDEX workorder_order_street_submitted_idx ON workorder_order (workorder_street_key(territory_code), submitted_at DESC, id);
