/**
 * _backfill_links(position text, batch_size integer) → jsonb
 *
 * Private, one batch of the backfill's `appointment_links` step: links historical
 * appointments and calls with link_appointments (the linking triggers only see new writes),
 * org after org (in org_id order of `calls`), one link_appointments batch per call.
 *
 * | parameter | type | meaning |
 * |---|---|---|
 * | position | text | jsonb text `{"org_id", "cursor"}`: where the next batch starts (NULL: the first org) |
 * | batch_size | integer | calls visited per batch (at most 100000) |
 *
 * Returns `{"position", "done", "counts": {"scanned" (calls visited), "appointments_linked", "orgs"}}`.
 *
 * Example: `SELECT _backfill_links(NULL, 2000);`
 */
CREATE OR REPLACE FUNCTION golden_record._backfill_links(p_position text, p_batch_size integer)
RETURNS jsonb
LANGUAGE plpgsql
SET search_path = pg_catalog, golden_record, pg_temp
AS $$
DECLARE
  v_position jsonb := coalesce(p_position::jsonb, '{}');
  v_org uuid := (v_position ->> 'org_id')::uuid;
  v_batch jsonb;
  v_next uuid;
BEGIN
  IF v_org IS NULL THEN
    SELECT c.org_id INTO v_org FROM @extschema@.calls c ORDER BY c.org_id LIMIT 1;
    IF v_org IS NULL THEN
      RETURN jsonb_build_object('position', NULL, 'done', true, 'counts', jsonb_build_object('scanned', 0));
    END IF;
  END IF;

  v_batch := @extschema@.link_appointments(v_org, v_position ->> 'cursor', least(p_batch_size, 100000));
  IF (v_batch ->> 'done')::boolean THEN
    SELECT c.org_id INTO v_next FROM @extschema@.calls c WHERE c.org_id > v_org ORDER BY c.org_id LIMIT 1;
    v_position := jsonb_build_object('org_id', v_next);
  ELSE
    v_position := jsonb_build_object('org_id', v_org, 'cursor', v_batch -> 'next_cursor');
  END IF;
  RETURN jsonb_build_object(
    'position', CASE WHEN v_position ->> 'org_id' IS NOT NULL THEN v_position::text END,
    'done', v_position ->> 'org_id' IS NULL,
    'counts', jsonb_build_object(
      'scanned', (v_batch ->> 'calls')::bigint,
      'appointments_linked', (v_batch ->> 'linked')::bigint,
      'orgs', CASE WHEN (v_batch ->> 'done')::boolean THEN 1 ELSE 0 END));
END;
$$;

REVOKE ALL ON FUNCTION golden_record._backfill_links(text, integer) FROM PUBLIC;
