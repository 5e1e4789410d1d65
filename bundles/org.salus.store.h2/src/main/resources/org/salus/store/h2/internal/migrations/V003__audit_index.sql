-- The op log's audit filters (entity, user, device, type, time) move out of the commit: every index on op_log is
-- written by every commit, and each one a commit touches costs a B-tree path in the file. op_audit holds the filter
-- columns of each operation by its position; the store fills it in batches after the commits (AuditIndex) and
-- answers an audit query from it up to the position it has reached and from the op log beyond. It holds nothing
-- that the op log does not: it is caught up from the op log after any crash and can be rebuilt from it.
-- Every statement can run again after an interrupted migration.

CREATE TABLE IF NOT EXISTS op_audit (
    pos         BIGINT PRIMARY KEY,
    entity_type VARCHAR(200) NOT NULL,
    entity_id   VARCHAR(200) NOT NULL,
    user_id     VARCHAR(200) NOT NULL,
    device_id   VARCHAR(200) NOT NULL,
    op_type     VARCHAR(200) NOT NULL,
    hlc         VARCHAR(64) NOT NULL,
    op_id       VARCHAR(36) NOT NULL,
    device_time TIMESTAMP(3) WITH TIME ZONE NOT NULL
);

-- what the store held before: indexed now, in position order
INSERT INTO op_audit (pos, entity_type, entity_id, user_id, device_id, op_type, hlc, op_id, device_time)
    SELECT pos, entity_type, entity_id, user_id, device_id, op_type, hlc, op_id, device_time FROM op_log
    WHERE pos > (SELECT COALESCE(MAX(pos), 0) FROM op_audit) ORDER BY pos;

CREATE INDEX IF NOT EXISTS ix_op_audit_entity ON op_audit (entity_type, entity_id, hlc);
CREATE INDEX IF NOT EXISTS ix_op_audit_entity_id ON op_audit (entity_id, hlc);
CREATE INDEX IF NOT EXISTS ix_op_audit_user ON op_audit (user_id, hlc);
CREATE INDEX IF NOT EXISTS ix_op_audit_device ON op_audit (device_id, hlc);
CREATE INDEX IF NOT EXISTS ix_op_audit_device_time ON op_audit (device_time);
CREATE INDEX IF NOT EXISTS ix_op_audit_op_type ON op_audit (op_type, hlc);
-- descending, so the unfiltered trail (newest first) reads one page of the index instead of sorting the whole log
CREATE INDEX IF NOT EXISTS ix_op_audit_hlc ON op_audit (hlc DESC, op_id DESC);

DROP INDEX IF EXISTS ix_op_log_entity;
DROP INDEX IF EXISTS ix_op_log_entity_id;
DROP INDEX IF EXISTS ix_op_log_user;
DROP INDEX IF EXISTS ix_op_log_device_time;
DROP INDEX IF EXISTS ix_op_log_op_type;
DROP INDEX IF EXISTS ix_op_log_hlc;

-- Two projection indexes no query needs, each rewritten by every dispensing: the movements are read by batch only,
-- and the (medicine_id, lot, location) index answers every lookup by medicine as well (FEFO sorts the few batches).
DROP INDEX IF EXISTS ix_stock_movement_medicine;
DROP INDEX IF EXISTS ix_stock_batch_medicine;
