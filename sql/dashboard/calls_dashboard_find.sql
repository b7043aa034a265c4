/**
 * calls_dashboard_find(call text, org_id uuid DEFAULT NULL) → jsonb
 *
 * `calls_dashboard_detail` of the call named by its `calls.id` (a uuid) or its Vapi call id,
 * in `org_id` when given, else in whichever org the caller can see it; NULL when there is no
 * such call. Runs as the caller: row-level security applies, so a reader acts for its org
 * (`golden_record.org_id`, set transaction-locally) before calling it.
 *
 * | parameter | type | meaning |
 * |---|---|---|
 * | call | text | `calls.id` or `calls.vapi_call_id` |
 * | org_id | uuid | the org the call must belong to; NULL: any visible org |
 *
 * Example: `SELECT calls_dashboard_find('019a-vapi-call-id') -> 'cost_cents';`
 */
CREATE OR REPLACE FUNCTION @extschema@.calls_dashboard_find(p_call text, p_org_id uuid DEFAULT NULL)
RETURNS jsonb
LANGUAGE sql
STABLE
SET search_path = pg_catalog, golden_record, pg_temp
AS $$
  SELECT @extschema@.calls_dashboard_detail(c.org_id, c.id)
    FROM @extschema@.calls c
   WHERE (c.vapi_call_id = p_call
          OR c.id = CASE WHEN p_call ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN p_call::uuid END)
     AND (p_org_id IS NULL OR c.org_id = p_org_id)
   ORDER BY c.id::text = p_call DESC
   LIMIT 1;
$$;

REVOKE ALL ON FUNCTION @extschema@.calls_dashboard_find(text, uuid) FROM PUBLIC;
