/**
 * ingest_vapi_call_object(call jsonb, org_id uuid default null) → jsonb
 *
 * Takes one Call object as Vapi's API returns it (`GET /call`, `GET /call/{id}`) into the
 * golden record, through the same path and the same extraction as a webhook: the Call is
 * handed to `ingest_vapi_call` as the message `{"type": "api-call", "call": <Call>}`, which
 * `_vapi_extract` reads as a report's message (a Call carries the report's end fields at its
 * top level). So the event store keeps it with `message_type = 'api-call'`, the Call whole.
 *
 * - An ended Call (`status` ended, or `endedAt` set) fills what the record lacks: the row when
 *   there is none, cost, breakdown, tools, ended reason, times, transcript, summary, recording.
 *   It never overwrites a value: what a webhook report wrote stays (the report is the later,
 *   fuller truth), and it never marks the row as reported, so a report arriving afterwards
 *   still writes everything it carries.
 * - A Call that has not ended only creates the row or advances its status, as a status-update.
 * - Org, quarantine reasons and statuses are those of `ingest_vapi_call` (`ingested`,
 *   `updated`, `duplicate`, `quarantined` with a reason such as `unknown_org`).
 *
 * | parameter | type | meaning |
 * |---|---|---|
 * | call | jsonb | a Call object from Vapi's API |
 * | org_id | uuid | the org of the call (NULL: resolve it from vapi_org_mappings by the Call's assistantId, phoneNumberId, orgId) |
 *
 * Returns what `ingest_vapi_call` returns, with `message_type` `api-call`.
 *
 * Example: `SELECT ingest_vapi_call_object('{"id": "c1", "status": "ended", "cost": 0.07, ...}', '7b0c...'::uuid);`
 * → `{"status": "ingested", "call_id": "5f1e...", "vapi_call_id": "c1", "message_type": "api-call", ...}`
 */
CREATE OR REPLACE FUNCTION @extschema@.ingest_vapi_call_object(p_call jsonb, p_org_id uuid DEFAULT NULL)
RETURNS jsonb
LANGUAGE sql
VOLATILE
SET search_path = pg_catalog, golden_record, pg_temp
AS $$
  SELECT @extschema@.ingest_vapi_call(jsonb_build_object('message', jsonb_build_object('type', 'api-call', 'call', p_call)), p_org_id);
$$;

REVOKE ALL ON FUNCTION @extschema@.ingest_vapi_call_object(jsonb, uuid) FROM PUBLIC;
