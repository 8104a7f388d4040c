-- Counts of the staff lists (WorkOrderQueries.countSql) read index entries only. A list's total is
-- capped at 10,000, but finding 10,000 matching orders by fetching them from the table cost 0.5 s in
-- a busy street's queue (every match a random heap page). With these, the count is a range of one
-- index: the scope's territory prefix inside the state (queues are open orders: a small partial
-- index) or inside the category (a list filtered by category).
--
-- "territory_code IS NOT NULL" is always true (the column is NOT NULL) and is there for the planner:
-- a count's "territory_code LIKE '…%'" implies it, so the counts may use the index, while the
-- nearby-duplicates query (open orders of a category in a box, which has no territory condition)
-- may not. Without it, on statistics taken when the table was small, the planner read this index
-- whole for that query (3.4 ms, against 0.3 ms on its own (category, lat, lng) index of V20).
CREATE INDEX workorder_order_open_count_idx ON workorder_order
  (state, territory_code text_pattern_ops, category_code, overdue, due_soon)
  WHERE state IN ('SUBMITTED','ACCEPTED','IN_PROGRESS','RETURNED') AND territory_code IS NOT NULL;
CREATE INDEX workorder_order_category_territory_idx ON workorder_order (category_code, territory_code text_pattern_ops);
