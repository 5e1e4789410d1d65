-- The registers' merge (ADR 0015): every write of a field of a medicine or a patient, and the conflict records decided
-- from them. Both are projections: a rebuild empties them and the op log fills them again. A store that held
-- operations before this migration has no history for them; a projection rebuild gives it one.

CREATE TABLE IF NOT EXISTS register_write (
    entity_type VARCHAR(200) NOT NULL,
    entity_id   VARCHAR(64) NOT NULL,
    field       VARCHAR(100) NOT NULL,
    op_id       VARCHAR(36) NOT NULL,
    bases       VARCHAR(300),
    resolution  BOOLEAN DEFAULT FALSE NOT NULL,
    hlc         VARCHAR(64) NOT NULL,
    value_json  VARCHAR(100000),
    user_id     VARCHAR(200) NOT NULL,
    device_id   VARCHAR(200) NOT NULL,
    device_time TIMESTAMP(3) WITH TIME ZONE NOT NULL,
    PRIMARY KEY (entity_type, entity_id, field, op_id)
);

CREATE TABLE IF NOT EXISTS register_conflict (
    id                   VARCHAR(64) PRIMARY KEY,
    entity_type          VARCHAR(200) NOT NULL,
    entity_id            VARCHAR(64) NOT NULL,
    field                VARCHAR(100) NOT NULL,
    state                VARCHAR(16) NOT NULL,
    left_op_id           VARCHAR(36) NOT NULL,
    left_value           VARCHAR(100000),
    left_user_id         VARCHAR(200) NOT NULL,
    left_device_id       VARCHAR(200) NOT NULL,
    left_time            TIMESTAMP(3) WITH TIME ZONE NOT NULL,
    left_hlc             VARCHAR(64) NOT NULL,
    right_op_id          VARCHAR(36) NOT NULL,
    right_value          VARCHAR(100000),
    right_user_id        VARCHAR(200) NOT NULL,
    right_device_id      VARCHAR(200) NOT NULL,
    right_time           TIMESTAMP(3) WITH TIME ZONE NOT NULL,
    right_hlc            VARCHAR(64) NOT NULL,
    resolution_op_id     VARCHAR(36),
    resolution_value     VARCHAR(100000),
    resolution_user_id   VARCHAR(200),
    resolution_device_id VARCHAR(200),
    resolution_time      TIMESTAMP(3) WITH TIME ZONE,
    resolution_hlc       VARCHAR(64)
);
CREATE INDEX IF NOT EXISTS ix_register_conflict_state ON register_conflict (state, entity_type, entity_id, field);
CREATE INDEX IF NOT EXISTS ix_register_conflict_field ON register_conflict (entity_type, entity_id, field);
-- The field history of the operations already in the log is derived by the core's projector: ask it to rebuild the
-- projections once, when it first binds this store (it clears the request afterwards).
MERGE INTO store_meta (meta_key, meta_value) KEY (meta_key) VALUES ('projections.rebuild', 'schema 4: register field history');
