/**
 * _vapi_upsert_calls(rows calls[]) → table (id uuid, vapi_call_id text, inserted boolean)
 *
 * Private. The one write of golden records, for every form of ingest: inserts each row (as
 * `_vapi_merge` made it) or, when its Vapi call id exists, overwrites the ingest's columns with
 * it. `created_at` keeps the earliest time. Another org's row is never touched: a row whose
 * Vapi call id belongs to another org is not written and not returned (the caller quarantines
 * its delivery as `call_of_another_org`). An upsert even for a row just read: a writer outside
 * the package (a legacy application) may have inserted the call since.
 *
 * | parameter | type | meaning |
 * |---|---|---|
 * | rows | calls[] | one row per Vapi call id, of the org the session acts for (`id` NULL: a new uuid; a NULL element is skipped) |
 *
 * | returns | meaning |
 * |---|---|
 * | id, vapi_call_id | the row written |
 * | inserted | true: a new row; false: an existing one updated |
 *
 * Example: `SELECT * FROM _vapi_upsert_calls(ARRAY[v_row]);`
 */
CREATE OR REPLACE FUNCTION golden_record._vapi_upsert_calls(p_rows @extschema@.calls[])
RETURNS TABLE (id uuid, vapi_call_id text, inserted boolean)
LANGUAGE plpgsql
VOLATILE
SET search_path = pg_catalog, golden_record, pg_temp
AS $$
#variable_conflict use_column
BEGIN
  RETURN QUERY
    INSERT INTO @extschema@.calls AS c (
      id, org_id, vapi_call_id, direction, phone_number, caller_name, contact_id, status,
      started_at, ended_at, duration_seconds, cost_cents, cost_breakdown, cost_ledger_gap, ended_reason,
      tools_used, recording_url, transcript, summary, metadata, report_sent_at, created_at)
    SELECT coalesce(r.id, gen_random_uuid()), r.org_id, r.vapi_call_id, r.direction, r.phone_number, r.caller_name, r.contact_id, r.status,
           r.started_at, r.ended_at, r.duration_seconds, r.cost_cents, r.cost_breakdown, r.cost_ledger_gap, r.ended_reason,
           r.tools_used, r.recording_url, r.transcript, r.summary, r.metadata, r.report_sent_at, coalesce(r.created_at, now())
      FROM unnest(p_rows) AS r
     -- A NULL element (a call the caller left unchanged) is skipped.
     WHERE r.vapi_call_id IS NOT NULL
     -- Sorted, so two writers of the same calls take their row locks in one order.
     ORDER BY r.vapi_call_id
    ON CONFLICT (vapi_call_id) DO UPDATE SET
      direction = EXCLUDED.direction, phone_number = EXCLUDED.phone_number, caller_name = EXCLUDED.caller_name,
      contact_id = EXCLUDED.contact_id, status = EXCLUDED.status, started_at = EXCLUDED.started_at,
      ended_at = EXCLUDED.ended_at, duration_seconds = EXCLUDED.duration_seconds, cost_cents = EXCLUDED.cost_cents,
      cost_breakdown = EXCLUDED.cost_breakdown, cost_ledger_gap = EXCLUDED.cost_ledger_gap,
      ended_reason = EXCLUDED.ended_reason, tools_used = EXCLUDED.tools_used,
      recording_url = EXCLUDED.recording_url, transcript = EXCLUDED.transcript, summary = EXCLUDED.summary,
      metadata = EXCLUDED.metadata, report_sent_at = EXCLUDED.report_sent_at,
      created_at = least(c.created_at, EXCLUDED.created_at), updated_at = now()
    WHERE c.org_id = EXCLUDED.org_id
    RETURNING c.id, c.vapi_call_id, c.xmax = 0;
END;
$$;

REVOKE ALL ON FUNCTION golden_record._vapi_upsert_calls(@extschema@.calls[]) FROM PUBLIC;
