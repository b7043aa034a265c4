/**
 * reconcile_vapi_call_object(call jsonb, org_id uuid default null, apply boolean default true) → jsonb
 *
 * Compares one Call object from Vapi's API (`GET /call`) with the call's golden record, read
 * through the same triage and extraction as a delivery (`{"type": "api-call", "call": <Call>}`),
 * and, when `apply`, hands what is missing or incomplete to `ingest_vapi_call_object`. Used by
 * `golden-record reconcile` (and the client's `reconcile`) page by page; `apply = false` is
 * `--check`: it writes nothing.
 *
 * | verdict | meaning | applied |
 * |---|---|---|
 * | `complete` | the record has the Call's status, cost, ended reason and tools (it may hold more) | nothing to do |
 * | `missing` | no row for the call (the report and every status-update were lost) | ingested |
 * | `incomplete` | the row lacks what the Call has: not ended yet, no cost, or (no report applied) no ended reason or no tools | filled |
 * | `differing` | cost cents, ended reason or tools differ from what a report wrote | never overwritten: reported |
 * | `not_ended` | the Call has not ended (nothing to compare yet) | nothing to do |
 * | `unknown_org` | no org argument and no vapi_org_mappings row | quarantined once (not again while that quarantine row waits) |
 * | `invalid` | the object has no usable id, or the call id belongs to another org | quarantined once, likewise |
 *
 * A value the Call lacks (no cost, no messages) is never a disagreement: the record holding
 * more than the API is fine. Rerunning over the same Calls changes nothing.
 *
 * | parameter | type | meaning |
 * |---|---|---|
 * | call | jsonb | one Call object |
 * | org_id | uuid | the org (NULL: vapi_org_mappings by assistantId, phoneNumberId, orgId) |
 * | apply | boolean | ingest what is missing or incomplete (false: only compare) |
 *
 * | returns (jsonb) | meaning |
 * |---|---|
 * | verdict | as above |
 * | vapi_call_id, org_id | as read and resolved |
 * | differences | per field compared (`status`, `cost_cents`, `ended_reason`, `tools_used`) that is lacking or differs: `{"record": ..., "vapi": ...}` |
 * | ingest | what `ingest_vapi_call_object` returned, when it ran |
 *
 * Not granted to the package's ingest or reader roles (it reads the record back): run it as
 * the package's owner or an administrator, as the CLI does.
 *
 * Example: `SELECT reconcile_vapi_call_object(c, NULL, false) FROM jsonb_array_elements($1) c;`
 */
CREATE OR REPLACE FUNCTION @extschema@.reconcile_vapi_call_object(p_call jsonb, p_org_id uuid DEFAULT NULL, p_apply boolean DEFAULT true)
RETURNS jsonb
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = pg_catalog, golden_record, pg_temp
AS $$
DECLARE
  t record;
  v_vapi @extschema@.calls;
  v_record @extschema@.calls;
  v_previous text;
  v_verdict text;
  v_differences jsonb := '{}'::jsonb;
  v_lacks boolean := false;
  v_differs boolean := false;
  v_ingest jsonb;
BEGIN
  t := _vapi_triage(jsonb_build_object('type', 'api-call', 'call', p_call), p_org_id);
  v_previous := _act_for_org(t.org_id);

  IF t.kind = 'quarantined' THEN
    v_verdict := CASE WHEN t.reason = 'unknown_org' THEN 'unknown_org' ELSE 'invalid' END;
  ELSE
    v_vapi := (_vapi_extract(t.message)).call;
    SELECT c.* INTO v_record FROM @extschema@.calls c WHERE c.vapi_call_id = t.vapi_call_id;

    IF v_vapi.status IS DISTINCT FROM 'ended' THEN
      v_verdict := 'not_ended';
    ELSIF v_record.id IS NULL THEN
      v_verdict := 'missing';
    ELSIF v_record.org_id <> t.org_id THEN
      v_verdict := 'invalid';
    ELSE
      -- Lacking: what ingest_vapi_call_object fills. Differing: what a report wrote and keeps.
      IF v_record.status IS DISTINCT FROM 'ended' THEN
        v_lacks := true;
        v_differences := v_differences || jsonb_build_object('status', jsonb_build_object('record', v_record.status, 'vapi', v_vapi.status));
      END IF;
      IF v_vapi.cost_cents IS NOT NULL AND v_record.cost_cents IS DISTINCT FROM v_vapi.cost_cents THEN
        v_lacks := v_lacks OR v_record.cost_cents IS NULL;
        v_differs := v_differs OR v_record.cost_cents IS NOT NULL;
        v_differences := v_differences || jsonb_build_object('cost_cents', jsonb_build_object('record', v_record.cost_cents, 'vapi', v_vapi.cost_cents));
      END IF;
      IF v_vapi.ended_reason IS NOT NULL AND v_record.ended_reason IS DISTINCT FROM v_vapi.ended_reason THEN
        v_lacks := v_lacks OR (v_record.ended_reason IS NULL AND v_record.report_sent_at IS NULL);
        v_differs := v_differs OR v_record.ended_reason IS NOT NULL OR v_record.report_sent_at IS NOT NULL;
        v_differences := v_differences || jsonb_build_object('ended_reason', jsonb_build_object('record', v_record.ended_reason, 'vapi', v_vapi.ended_reason));
      END IF;
      IF cardinality(v_vapi.tools_used) > 0 AND v_record.tools_used IS DISTINCT FROM v_vapi.tools_used THEN
        v_lacks := v_lacks OR (cardinality(v_record.tools_used) = 0 AND v_record.report_sent_at IS NULL);
        v_differs := v_differs OR cardinality(v_record.tools_used) > 0 OR v_record.report_sent_at IS NOT NULL;
        v_differences := v_differences || jsonb_build_object('tools_used', jsonb_build_object('record', to_jsonb(v_record.tools_used), 'vapi', to_jsonb(v_vapi.tools_used)));
      END IF;
      v_verdict := CASE WHEN v_lacks THEN 'incomplete' WHEN v_differs THEN 'differing' ELSE 'complete' END;
    END IF;
  END IF;

  IF p_apply AND v_verdict IN ('missing', 'incomplete') THEN
    v_ingest := @extschema@.ingest_vapi_call_object(p_call, t.org_id);
  ELSIF p_apply AND v_verdict IN ('unknown_org', 'invalid')
        AND NOT EXISTS (SELECT 1 FROM @extschema@.vapi_quarantine q
                        WHERE q.vapi_call_id = t.vapi_call_id AND q.message_type = 'api-call' AND q.replay_outcome IS NULL) THEN
    -- Quarantined as a webhook would be, once: a rerun does not file the same Call again
    -- while its quarantine row waits (replay_quarantined takes it once the mapping exists).
    v_ingest := @extschema@.ingest_vapi_call_object(p_call, t.org_id);
  END IF;

  PERFORM _act_for_org_restore(v_previous);
  RETURN jsonb_build_object('verdict', v_verdict, 'vapi_call_id', t.vapi_call_id, 'org_id', t.org_id)
    || CASE WHEN v_differences <> '{}' THEN jsonb_build_object('differences', v_differences) ELSE '{}' END
    || CASE WHEN v_ingest IS NOT NULL THEN jsonb_build_object('ingest', v_ingest) ELSE '{}' END;
END;
$$;

REVOKE ALL ON FUNCTION @extschema@.reconcile_vapi_call_object(jsonb, uuid, boolean) FROM PUBLIC;
