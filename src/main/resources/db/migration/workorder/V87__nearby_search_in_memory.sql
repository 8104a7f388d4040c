-- The duplicates to suggest are now looked up in memory (OpenOrderIndex) and only read back here by
-- primary key, so V83's GiST index of (category, unit-sphere point) has no reader left. It cost a
-- GiST insertion (0.04–0.05 ms of PostgreSQL's CPU, more than the seven btrees of the table
-- together) on every order filed and on every change of an open order. The function stays: it is
-- harmless, and V86 documents it.
DROP INDEX IF EXISTS workorder_order_open_near_idx;
