-- Roll-up of the 三率 per day of submission (Asia/Shanghai), at the order's own territory node,
-- responsible unit ('' = none) and category. Maintained by a trigger in the transaction that
-- changes the order, so it can never drift from workorder_order; bulk loads switch the trigger off
-- for their transaction (SET LOCAL civicloop.rollup_off = 'on') and add their own sums.
-- WorkOrderStats.rebuild recomputes a period from the orders.
CREATE TABLE workorder_daily_stats (
  day               DATE NOT NULL,
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
  PRIMARY KEY (day, territory_code, unit, category_code)
);
-- Prefix scans (code LIKE '330102014%') for a period; INCLUDE lets them be index-only.
CREATE INDEX workorder_daily_stats_territory_idx ON workorder_daily_stats (territory_code text_pattern_ops, day)
  INCLUDE (unit, category_code, received, accepted, accepted_in_time, resolved, rated, satisfied, overdue);

-- One order's contribution, in the column order above. Same definitions as the naive aggregate.
CREATE FUNCTION workorder_stats_measures(o workorder_order) RETURNS INT[] LANGUAGE sql IMMUTABLE AS $$
  SELECT ARRAY[
    (o.state <> 'MERGED')::int,
    (o.accepted_at IS NOT NULL)::int,
    coalesce(o.accepted_at <= o.accept_due_at, false)::int,
    (o.replied_at IS NOT NULL OR o.state IN ('REPLIED','RATED','CLOSED'))::int,
    (o.rating IS NOT NULL)::int,
    coalesce(o.rating >= 4, false)::int,
    o.overdue::int]
$$;

CREATE FUNCTION workorder_stats_add(d DATE, t VARCHAR, u VARCHAR, c VARCHAR, s INT, m INT[]) RETURNS void LANGUAGE sql AS $$
  INSERT INTO workorder_daily_stats AS w (day, territory_code, unit, category_code, received, accepted,
      accepted_in_time, resolved, rated, satisfied, overdue)
  VALUES (d, t, u, c, s * m[1], s * m[2], s * m[3], s * m[4], s * m[5], s * m[6], s * m[7])
  ON CONFLICT (day, territory_code, unit, category_code) DO UPDATE SET
    received = w.received + excluded.received, accepted = w.accepted + excluded.accepted,
    accepted_in_time = w.accepted_in_time + excluded.accepted_in_time, resolved = w.resolved + excluded.resolved,
    rated = w.rated + excluded.rated, satisfied = w.satisfied + excluded.satisfied,
    overdue = w.overdue + excluded.overdue
$$;

CREATE FUNCTION workorder_daily_stats_trg() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  om INT[]; nm INT[];
BEGIN
  IF coalesce(current_setting('civicloop.rollup_off', true), '') = 'on' THEN
    RETURN NULL;
  END IF;
  IF TG_OP <> 'INSERT' THEN om := workorder_stats_measures(OLD); END IF;
  IF TG_OP <> 'DELETE' THEN nm := workorder_stats_measures(NEW); END IF;
  IF TG_OP = 'UPDATE' AND om = nm AND OLD.submitted_at = NEW.submitted_at
      AND OLD.territory_code = NEW.territory_code AND OLD.category_code = NEW.category_code
      AND coalesce(OLD.responsible_unit, '') = coalesce(NEW.responsible_unit, '') THEN
    RETURN NULL;
  END IF;
  IF TG_OP <> 'INSERT' THEN
    PERFORM workorder_stats_add((OLD.submitted_at AT TIME ZONE 'Asia/Shanghai')::date, OLD.territory_code,
      coalesce(OLD.responsible_unit, ''), OLD.category_code, -1, om);
  END IF;
  IF TG_OP <> 'DELETE' THEN
    PERFORM workorder_stats_add((NEW.submitted_at AT TIME ZONE 'Asia/Shanghai')::date, NEW.territory_code,
      coalesce(NEW.responsible_unit, ''), NEW.category_code, 1, nm);
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER workorder_daily_stats_trg AFTER INSERT OR UPDATE OR DELETE ON workorder_order
  FOR EACH ROW EXECUTE FUNCTION workorder_daily_stats_trg();

-- Orders that exist already (an upgraded database).
INSERT INTO workorder_daily_stats
SELECT (submitted_at AT TIME ZONE 'Asia/Shanghai')::date, territory_code, coalesce(responsible_unit, ''), category_code,
  sum(m[1]), sum(m[2]), sum(m[3]), sum(m[4]), sum(m[5]), sum(m[6]), sum(m[7])
FROM (SELECT o.*, workorder_stats_measures(o) AS m FROM workorder_order o) x
GROUP BY 1, 2, 3, 4;
