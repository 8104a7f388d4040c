-- An entry without a source key of its own (most of them: every work-order step a person takes) no
-- longer gets a random "uuid:…" key. That key was never looked up, yet each entry paid for it in the
-- unique index twice (at insert and again when the sequencer's update wrote the row anew), at a
-- random place in the index, and the insert paid for ON CONFLICT's speculative insertion. Keyed
-- entries keep their unique index; the keys already given stay as they are (rows never change).
ALTER TABLE audit_entry ALTER COLUMN source_key DROP NOT NULL;
CREATE UNIQUE INDEX audit_entry_source_key_given ON audit_entry (source_key) WHERE source_key IS NOT NULL;
ALTER TABLE audit_entry DROP CONSTRAINT audit_entry_source_key;
