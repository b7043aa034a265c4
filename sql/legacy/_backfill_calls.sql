/**
 * _backfill_calls(position text, batch_size integer) → jsonb
 *
 * Private, one batch of the backfill's `calls` step: the next `batch_size` calls after
 * `position` (in id order) get, where still NULL, `cost_cents` from the legacy metadata
 * (_legacy_cost_cents: `metadata.cost`, else `metadata.vapi_cost`, dollars rounded up in
 * numeric; garbage and JSON null give NULL and are counted), `ended_reason`
 * (_legacy_ended_reason), and the canonical columns from their legacy twins (direction,
 * started_at, ended_at, where those exist). Never overwrites a value. Its rows are linked by
 * the last step (`appointment_links`), not by the linking triggers as they are written.
 *
 * | parameter | type | meaning |
 * |---|---|---|
 * | position | text | the last calls.id of the previous batch (NULL: from the start) |
 * | batch_size | integer | calls per batch |
 *
 * Returns `{"position": last id, "done": boolean, "counts": {...}}`; the counts: scanned,
 * updated, cost_cents_filled (of which cost_cents_zero), cost_cents_kept (already set),
 * cost_json_null, cost_unreadable (garbage), cost_missing (no key), ended_reason_filled,
 * <canonical>_filled per twin.
 *
 * Example: `SELECT _backfill_calls(NULL, 2000);`
 */
CREATE OR REPLACE FUNCTION golden_record._backfill_calls(p_position text, p_batch_size integer)
RETURNS jsonb
LANGUAGE plpgsql
SET search_path = pg_catalog, golden_record, pg_temp
AS $$
DECLARE
  v_twin record;
  v_value text;
  v_set text := '';
  v_needed text := '';
  v_counted text := '';
  v_key_type text := (SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = '@extschema@.calls'::regclass AND attname = 'id' AND NOT attisdropped);
  v_result jsonb;
BEGIN
  FOR v_twin IN
    SELECT t.legacy, t.canonical
      FROM (VALUES (1, 'call_direction', 'direction'), (2, 'start_time', 'started_at'), (3, 'end_time', 'ended_at')) AS t(rank, legacy, canonical)
     WHERE (SELECT count(*) FROM pg_attribute a
             WHERE a.attrelid = '@extschema@.calls'::regclass AND a.attname IN (t.legacy, t.canonical) AND NOT a.attisdropped) = 2
     ORDER BY t.rank
  LOOP
    v_value := CASE WHEN v_twin.canonical = 'direction'
                    THEN format('CASE WHEN b.%1$I IN (''inbound'', ''outbound'', ''web'') THEN b.%1$I END', v_twin.legacy)
                    ELSE format('b.%I', v_twin.legacy) END;
    v_set := v_set || format(', %1$I = coalesce(c.%1$I, %2$s)', v_twin.canonical, v_value);
    v_needed := v_needed || format(' OR (b.%I IS NULL AND %s IS NOT NULL)', v_twin.canonical, v_value);
    v_counted := v_counted || format(', %L, count(*) FILTER (WHERE b.%I IS NULL AND %s IS NOT NULL)', v_twin.canonical || '_filled', v_twin.canonical, v_value);
  END LOOP;

  -- The linking triggers skip this statement's rows: the backfill links once, set-based, in
  -- its last step (link_appointments), instead of once per row here and again there.
  PERFORM set_config('golden_record.linking', 'deferred', true);
  EXECUTE format($sql$
    WITH b AS (
      SELECT c.*,
             _legacy_cost_cents(c.metadata) AS legacy_cents,
             _legacy_ended_reason(c.metadata) AS legacy_reason,
             coalesce(jsonb_typeof(c.metadata) = 'object' AND (c.metadata ? 'cost' OR c.metadata ? 'vapi_cost'), false) AS has_cost_key,
             coalesce(c.metadata -> 'cost', 'null') = 'null' AND coalesce(c.metadata -> 'vapi_cost', 'null') = 'null' AS cost_keys_null
        FROM @extschema@.calls c
       WHERE %s
       ORDER BY c.id
       LIMIT $2
    ), updated AS (
      UPDATE @extschema@.calls c
         SET cost_cents = coalesce(c.cost_cents, b.legacy_cents),
             ended_reason = coalesce(c.ended_reason, b.legacy_reason)%s
        FROM b
       WHERE c.id = b.id
         AND ((b.cost_cents IS NULL AND b.legacy_cents IS NOT NULL) OR (b.ended_reason IS NULL AND b.legacy_reason IS NOT NULL)%s)
      RETURNING c.id
    )
    SELECT jsonb_build_object(
      'position', (SELECT b.id::text FROM b ORDER BY b.id DESC LIMIT 1),
      'done', count(*) < $2,
      'counts', jsonb_build_object(
        'scanned', count(*),
        'updated', (SELECT count(*) FROM updated),
        'cost_cents_filled', count(*) FILTER (WHERE b.cost_cents IS NULL AND b.legacy_cents IS NOT NULL),
        'cost_cents_zero', count(*) FILTER (WHERE b.cost_cents IS NULL AND b.legacy_cents = 0),
        'cost_cents_kept', count(*) FILTER (WHERE b.cost_cents IS NOT NULL),
        'cost_json_null', count(*) FILTER (WHERE b.cost_cents IS NULL AND b.has_cost_key AND b.cost_keys_null),
        'cost_unreadable', count(*) FILTER (WHERE b.cost_cents IS NULL AND b.has_cost_key AND NOT b.cost_keys_null AND b.legacy_cents IS NULL),
        'cost_missing', count(*) FILTER (WHERE b.cost_cents IS NULL AND NOT b.has_cost_key),
        'ended_reason_filled', count(*) FILTER (WHERE b.ended_reason IS NULL AND b.legacy_reason IS NOT NULL)%s))
      FROM b
    $sql$,
    CASE WHEN p_position IS NULL THEN 'true' ELSE format('c.id > $1::%s', v_key_type) END, v_set, v_needed, v_counted)
  INTO v_result
  USING p_position, p_batch_size;
  PERFORM set_config('golden_record.linking', '', true);
  RETURN v_result;
END;
$$;

REVOKE ALL ON FUNCTION golden_record._backfill_calls(text, integer) FROM PUBLIC;
