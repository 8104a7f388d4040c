-- The nearby-duplicates query (WorkOrderQueries.nearbyOpen) asks for the ten nearest open orders of
-- a category within a radius. V20's btree on (category, lat, lng) could only give it a latitude
-- band: every open order of the category in the band was read and its distance computed, so the
-- query's cost grew with how many open orders there are around the place, not with the ten it
-- returns (1.04 ms a call after 100K orders in one district in bench/workorder-create.sh, the
-- intake's costliest statement by four times).
--
-- This GiST index answers "nearest first" directly (a KNN scan that stops after the first rows):
-- the category by equality (btree_gist), the place as a point on the unit sphere (cube). The
-- straight-line (chord) distance between two such points grows with the great-circle distance, so
-- the index gives exactly the order the Haversine distance would, at any latitude and across the
-- antimeridian, which a box in degrees does not. Both extensions ship with PostgreSQL (contrib)
-- and are trusted: the database's owner may create them without being a superuser.
CREATE EXTENSION IF NOT EXISTS btree_gist;
CREATE EXTENSION IF NOT EXISTS cube;

-- The unit-sphere point of a place, the index's expression: the query must write it the same way.
CREATE FUNCTION workorder_sphere_point(lat DOUBLE PRECISION, lng DOUBLE PRECISION) RETURNS cube
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT cube(ARRAY[cos(radians(lat)) * cos(radians(lng)), cos(radians(lat)) * sin(radians(lng)), sin(radians(lat))])
$$;

CREATE INDEX workorder_order_open_near_idx ON workorder_order
  USING gist (category_code, workorder_sphere_point(lat, lng))
  WHERE state IN ('SUBMITTED','ACCEPTED','IN_PROGRESS','RETURNED') AND lat IS NOT NULL;

DROP INDEX IF EXISTS workorder_order_open_geo_idx;
