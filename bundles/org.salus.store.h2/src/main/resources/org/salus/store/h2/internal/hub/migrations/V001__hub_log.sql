-- The hub log: every clinic's operations in server order (docs/adr/0007-hub-log-and-server-seq.md).
CREATE TABLE IF NOT EXISTS hub_op (
    clinic_id VARCHAR(64) NOT NULL,
    server_seq BIGINT NOT NULL,
    op_id VARCHAR(36) NOT NULL,
    device_id VARCHAR(128) NOT NULL,
    user_id VARCHAR(256) NOT NULL,
    entity_type VARCHAR(256) NOT NULL,
    entity_id VARCHAR(256) NOT NULL,
    op_type VARCHAR(256) NOT NULL,
    device_seq BIGINT NOT NULL,
    hlc VARCHAR(38) NOT NULL,
    device_time_ms BIGINT NOT NULL,
    schema_version INT NOT NULL,
    payload VARCHAR(1000000) NOT NULL,
    prev_hash CHAR(64) NOT NULL,
    hash CHAR(64) NOT NULL,
    received_at_ms BIGINT NOT NULL,
    CONSTRAINT hub_op_pk PRIMARY KEY (clinic_id, server_seq),
    CONSTRAINT hub_op_op_id UNIQUE (op_id),
    CONSTRAINT hub_op_device_seq UNIQUE (device_id, device_seq)
);
-- The last operation held of each device; its row is locked while a batch of the device is appended.
CREATE TABLE IF NOT EXISTS hub_device_head (
    device_id VARCHAR(128) PRIMARY KEY,
    clinic_id VARCHAR(64) NOT NULL,
    last_seq BIGINT NOT NULL,
    last_hash CHAR(64) NOT NULL,
    last_hlc VARCHAR(38)
);
-- Each clinic's sequencer: locked from the moment a transaction takes serverSeqs until it commits.
CREATE TABLE IF NOT EXISTS hub_clinic_seq (
    clinic_id VARCHAR(64) PRIMARY KEY,
    last_seq BIGINT NOT NULL
);
