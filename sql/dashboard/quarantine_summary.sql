/**
 * quarantine_summary(org_id uuid, from timestamptz, to timestamptz) → jsonb
 *
 * The quarantine for a report, by reason: the deliveries set aside in [from, to) (by
 * `received_at`), and the ones that wait for a DBA now (`replay_outcome IS NULL`, see
 * `replay_quarantined`), whenever they arrived: the queue does not empty when the period
 * ends. Deliveries no org could be found for (org_id NULL, e.g. `unknown_org`) belong to no
 * org; they are counted apart under `without_org`, and only a role that sees them (the
 * tables' owner: row-level security hides them from every org) gets non-zero counts there.
 * Runs as the caller.
 *
 * | parameter | type | meaning |
 * |---|---|---|
 * | org_id | uuid | the org |
 * | from | timestamptz | start of the period, inclusive |
 * | to | timestamptz | end of the period, exclusive |
 *
 * | key | meaning |
 * |---|---|
 * | org, without_org | `{deliveries, waiting, reasons}` for the org's deliveries / those of no known org |
 * | deliveries | deliveries quarantined in the period |
 * | waiting | deliveries not replayed yet, received at any time |
 * | reasons | `[{reason, deliveries, waiting}]`, the same two counts per reason, most waiting first, then most deliveries |
 *
 * Cost: a scan of the quarantine rows of the period and of those waiting (the quarantine is
 * small: it holds only the deliveries that could not be stored).
 *
 * Raises SQLSTATE 22023 when org_id, from or to is NULL or infinite, or from is not before to.
 *
 * Example: `SELECT quarantine_summary('6f1c...'::uuid, '2025-01-01', '2025-02-01') -> 'org' -> 'waiting';`
 */
CREATE OR REPLACE FUNCTION @extschema@.quarantine_summary(p_org_id uuid, p_from timestamptz, p_to timestamptz)
RETURNS jsonb
LANGUAGE plpgsql
STABLE
SET search_path = pg_catalog, golden_record, pg_temp
AS $$
DECLARE
  v_result jsonb;
BEGIN
  PERFORM _require_org_and_period('quarantine_summary', p_org_id, p_from, p_to);

  WITH by_reason AS (
    SELECT q.org_id IS NOT NULL AS of_org, q.reason,
           count(*) FILTER (WHERE q.received_at >= p_from AND q.received_at < p_to) AS deliveries,
           count(*) FILTER (WHERE q.replay_outcome IS NULL) AS waiting
      FROM @extschema@.vapi_quarantine q
     WHERE (q.org_id = p_org_id OR q.org_id IS NULL)
       AND (q.replay_outcome IS NULL OR (q.received_at >= p_from AND q.received_at < p_to))
     GROUP BY 1, 2
  ),
  sides (of_org, key) AS (VALUES (true, 'org'), (false, 'without_org'))
  SELECT jsonb_object_agg(s.key, jsonb_build_object(
           'deliveries', coalesce((SELECT sum(r.deliveries) FROM by_reason r WHERE r.of_org = s.of_org), 0),
           'waiting', coalesce((SELECT sum(r.waiting) FROM by_reason r WHERE r.of_org = s.of_org), 0),
           'reasons', coalesce((SELECT jsonb_agg(jsonb_build_object('reason', r.reason, 'deliveries', r.deliveries, 'waiting', r.waiting)
                                                 ORDER BY r.waiting DESC, r.deliveries DESC, r.reason)
                                  FROM by_reason r WHERE r.of_org = s.of_org), '[]')))
    INTO v_result
    FROM sides s;
  RETURN v_result;
END;
$$;

REVOKE ALL ON FUNCTION @extschema@.quarantine_summary(uuid, timestamptz, timestamptz) FROM PUBLIC;
