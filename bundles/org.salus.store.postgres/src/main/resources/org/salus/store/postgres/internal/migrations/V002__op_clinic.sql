-- An operation recorded before its device was enrolled names the clinic "unassigned"; the hub stores it under the
-- device's enrolled clinic (clinic_id) and keeps the clinic it names here (docs/adr/0020-work-recorded-before-enrolment.md).
-- NULL: the operation names clinic_id.
ALTER TABLE hub_op ADD COLUMN IF NOT EXISTS op_clinic_id VARCHAR(64);
