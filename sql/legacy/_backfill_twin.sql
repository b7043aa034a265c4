/**
 * _backfill_twin(table regclass, legacy text, canonical text, position text, batch_size integer) → jsonb
 *
 * Private, one batch of a twin-column step of the backfill (contacts.phone → phone_number,
 * appointments.google_calendar_event_id → calendar_event_id): the next `batch_size` rows after
 * `position`, in id order, get the canonical column from the legacy one where it is NULL.
 *
 * | parameter | type | meaning |
 * |---|---|---|
 * | table | regclass | the table |
 * | legacy | text | the application's column |
 * | canonical | text | the package's column |
 * | position | text | the last id of the previous batch (NULL: from the start) |
 * | batch_size | integer | rows per batch |
 *
 * Returns `{"position": last id, "done": boolean, "counts": {"scanned": n, "<canonical>_filled": n}}`.
 *
 * Example: `SELECT _backfill_twin('contacts', 'phone', 'phone_number', NULL, 2000);`
 */
CREATE OR REPLACE FUNCTION golden_record._backfill_twin(p_table regclass, p_legacy text, p_canonical text, p_position text, p_batch_size integer)
RETURNS jsonb
LANGUAGE plpgsql
SET search_path = pg_catalog, golden_record, pg_temp
AS $$
DECLARE
  v_key_type text := (SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = p_table AND attname = 'id' AND NOT attisdropped);
  v_result jsonb;
BEGIN
  EXECUTE format($sql$
    WITH b AS (
      SELECT t.id, t.%2$I AS legacy, t.%3$I AS canonical FROM %1$s t WHERE %4$s ORDER BY t.id LIMIT $2
    ), updated AS (
      UPDATE %1$s t SET %3$I = b.legacy FROM b
       WHERE t.id = b.id AND t.%3$I IS NULL AND b.legacy IS NOT NULL
      RETURNING t.id
    )
    SELECT jsonb_build_object(
      'position', (SELECT b.id::text FROM b ORDER BY b.id DESC LIMIT 1),
      'done', count(*) < $2,
      'counts', jsonb_build_object('scanned', count(*), %5$L, (SELECT count(*) FROM updated)))
      FROM b
    $sql$,
    p_table, p_legacy, p_canonical,
    CASE WHEN p_position IS NULL THEN 'true' ELSE format('t.id > $1::%s', v_key_type) END,
    p_canonical || '_filled')
  INTO v_result
  USING p_position, p_batch_size;
  RETURN v_result;
END;
$$;

REVOKE ALL ON FUNCTION golden_record._backfill_twin(regclass, text, text, text, integer) FROM PUBLIC;
