-- The territory tree. Codes are hierarchical (see org.civicloop.shared.TerritoryCode); path holds
-- the ancestor codes so that breadcrumbs and subtree exports need one indexed query.
CREATE TABLE territory_node (
  code        VARCHAR(24) PRIMARY KEY,
  parent_code VARCHAR(24) REFERENCES territory_node (code),
  name        VARCHAR(100) NOT NULL,
  level       VARCHAR(24) NOT NULL,
  path        TEXT NOT NULL,
  lat         DOUBLE PRECISION,
  lng         DOUBLE PRECISION,
  demo        BOOLEAN NOT NULL DEFAULT FALSE,
  created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
  CONSTRAINT territory_node_lat CHECK (lat IS NULL OR lat BETWEEN -90 AND 90),
  CONSTRAINT territory_node_lng CHECK (lng IS NULL OR lng BETWEEN -180 AND 180)
);
CREATE INDEX territory_node_parent_idx ON territory_node (parent_code, code);
CREATE INDEX territory_node_code_prefix_idx ON territory_node (code text_pattern_ops);
CREATE INDEX territory_node_name_idx ON territory_node (lower(name) text_pattern_ops);

-- People responsible for a node (网格员, 社区书记, 河长 …). username links to an account when they have one.
CREATE TABLE territory_person (
  id          UUID PRIMARY KEY,
  node_code   VARCHAR(24) NOT NULL REFERENCES territory_node (code) ON DELETE CASCADE,
  name        VARCHAR(60) NOT NULL,
  duty        VARCHAR(40) NOT NULL,
  phone       VARCHAR(30),
  username    VARCHAR(60),
  demo        BOOLEAN NOT NULL DEFAULT FALSE,
  created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX territory_person_node_idx ON territory_person (node_code);

-- CSV imports: validated whole before anything is written, then applied in one transaction;
-- the row counters let the page show progress while a large file is applied.
CREATE TABLE territory_import (
  id             UUID PRIMARY KEY,
  started_by     VARCHAR(60) NOT NULL,
  file_name      VARCHAR(200),
  status         VARCHAR(20) NOT NULL,
  total_rows     INT NOT NULL DEFAULT 0,
  processed_rows INT NOT NULL DEFAULT 0,
  created_rows   INT NOT NULL DEFAULT 0,
  updated_rows   INT NOT NULL DEFAULT 0,
  errors         TEXT,
  started_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
  finished_at    TIMESTAMPTZ
);
