-- Autovacuum never analysed workorder_order. It evaluates index expressions with search_path set to
-- pg_catalog only, and V83's workorder_sphere_point named the cube extension's function `cube`
-- without its schema, so every automatic ANALYZE of the table failed ("function cube(double
-- precision[]) does not exist"), logged an error and left the table without statistics. The
-- planner then guessed: with the default selectivities, the nearby-duplicates search took a bitmap
-- scan of every open order of the category and sorted them, instead of the nearest-first index scan,
-- and its cost grew with the table (0.51 ms an order at 80K orders in bench/workorder-create.sh).
--
-- A body in the SQL standard's form (RETURN …) is parsed once, here, and stored with the functions
-- it calls already resolved, so it no longer depends on the caller's search_path; PostgreSQL still
-- inlines it, so queries and the index keep matching the same expression. The index's stored values
-- do not change (the same computation), so it needs no rebuild.
CREATE OR REPLACE FUNCTION workorder_sphere_point(lat DOUBLE PRECISION, lng DOUBLE PRECISION) RETURNS cube
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN cube(ARRAY[cos(radians(lat)) * cos(radians(lng)), cos(radians(lat)) * sin(radians(lng)), sin(radians(lat))]);

ANALYZE workorder_order;
