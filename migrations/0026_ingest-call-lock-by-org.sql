-- Up Migration
-- The call lock is keyed by org and call id now (_lock_vapi_call(uuid, text) in the code layer,
-- installed after this migration): a delivery claiming another org's call id never takes that
-- org's lock. The old one-argument helper is the package's own and nothing calls it any more.
DROP FUNCTION IF EXISTS _lock_vapi_call(text);

-- Down Migration
-- Nothing to undo here: the code layer of the version migrated down to installs its own helper.
SELECT 1;
