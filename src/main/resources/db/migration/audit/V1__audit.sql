-- Audit entries. A row is written "pending" (leaf_index NULL) in the transaction of the change it
-- records, then sequenced: given the next leaf index and leaf_input, the exact bytes whose
-- RFC 6962 leaf hash is in audit_node (level 0). source_key makes recording idempotent.
CREATE TABLE audit_entry (
  -- arrival order; deliberately no primary key index: a pending row is found through the partial
  -- pending index, a sequenced one by its leaf index, and every index costs each append twice
  id             BIGSERIAL NOT NULL,
  source_key     VARCHAR(200) NOT NULL,
  actor          VARCHAR(100) NOT NULL,
  action         VARCHAR(100) NOT NULL,
  record_type    VARCHAR(60),
  record_id      VARCHAR(100),
  territory_code VARCHAR(24),
  occurred_at    TIMESTAMPTZ NOT NULL,
  details        TEXT NOT NULL,
  leaf_index     BIGINT,
  sequenced_at   TIMESTAMPTZ,
  leaf_input     BYTEA,
  CONSTRAINT audit_entry_source_key UNIQUE (source_key),
  CONSTRAINT audit_entry_sequenced CHECK ((leaf_index IS NULL) = (leaf_input IS NULL) AND (leaf_index IS NULL) = (sequenced_at IS NULL))
);
-- The sequencer's queue; search indexes are partial so that a pending row costs one index entry
-- and a sequenced row is indexed once, when it gets its leaf index.
CREATE UNIQUE INDEX audit_entry_pending_idx ON audit_entry (id) WHERE leaf_index IS NULL;
CREATE UNIQUE INDEX audit_entry_leaf_index ON audit_entry (leaf_index) WHERE leaf_index IS NOT NULL;
CREATE INDEX audit_entry_record_idx ON audit_entry (record_type, record_id, leaf_index) WHERE leaf_index IS NOT NULL;
CREATE INDEX audit_entry_actor_idx ON audit_entry (actor, leaf_index) WHERE leaf_index IS NOT NULL;
CREATE INDEX audit_entry_territory_idx ON audit_entry (territory_code text_pattern_ops) WHERE leaf_index IS NOT NULL;
-- occurred_at follows the physical order closely, so a BRIN index is enough and nearly free to keep
CREATE INDEX audit_entry_occurred_idx ON audit_entry USING brin (occurred_at);

-- The Merkle tree: the hash of every complete (perfect) subtree, covering leaves
-- [idx * 2^level, (idx + 1) * 2^level). Level 0 holds the leaf hashes. Rows never change.
CREATE TABLE audit_node (
  level SMALLINT NOT NULL,
  idx   BIGINT NOT NULL,
  hash  BYTEA NOT NULL,
  PRIMARY KEY (level, idx)
);

-- The current tree head, updated by the sequencer in the same transaction as the nodes.
CREATE TABLE audit_tree_state (
  id         SMALLINT PRIMARY KEY CHECK (id = 1),
  tree_size  BIGINT NOT NULL,
  root_hash  BYTEA NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
INSERT INTO audit_tree_state (id, tree_size, root_hash) VALUES (1, 0, sha256(''::bytea));

-- Signed checkpoints (C2SP tlog-checkpoint bodies and their signed notes), one per tree size.
CREATE TABLE audit_checkpoint (
  id           BIGSERIAL PRIMARY KEY,
  tree_size    BIGINT NOT NULL UNIQUE,
  root_hash    BYTEA NOT NULL,
  body         TEXT NOT NULL,
  signature    BYTEA NOT NULL,
  key_name     VARCHAR(200) NOT NULL,
  key_id       VARCHAR(8) NOT NULL,
  note         TEXT NOT NULL,
  published_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Defence in depth: the application can only append. Someone with the rights to disable these
-- triggers can still edit rows, which is what the Merkle tree and the full check are for.
CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END
$$;
-- Sequencing (giving a pending row its leaf) is the one update allowed; the WHEN clause keeps
-- that path free of any per-row function call.
CREATE TRIGGER audit_entry_append_only BEFORE UPDATE ON audit_entry
  FOR EACH ROW WHEN (OLD.leaf_index IS NOT NULL) EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_entry_no_delete BEFORE DELETE ON audit_entry
  FOR EACH ROW EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_node_append_only BEFORE UPDATE OR DELETE ON audit_node
  FOR EACH ROW EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_checkpoint_append_only BEFORE UPDATE OR DELETE ON audit_checkpoint
  FOR EACH ROW EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON audit_entry
  FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_node_no_truncate BEFORE TRUNCATE ON audit_node
  FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
