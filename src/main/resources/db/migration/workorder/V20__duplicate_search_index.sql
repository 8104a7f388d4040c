-- The nearby-duplicates query run after every submission (WorkOrderQueries.nearbyOpen): open
-- orders of one category within a latitude band, then the Haversine distance. Without an index it
-- scanned every order. The partial index holds open orders with coordinates only, keyed by
-- category and latitude, so the band becomes an index range scan; the predicate repeats the
-- query's state list and lat IS NOT NULL so that the planner can use it.
CREATE INDEX workorder_order_open_geo_idx ON workorder_order (category_code, lat, lng)
  WHERE state IN ('SUBMITTED','ACCEPTED','IN_PROGRESS','RETURNED') AND lat IS NOT NULL;
