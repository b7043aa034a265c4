/**
 * _vapi_events_add_partitions(months_ahead integer DEFAULT 3, since timestamptz DEFAULT now()) → setof text
 *
 * Private maintenance. Makes sure `vapi_events` has a partition for every month (UTC) from the
 * one of `since` (earlier months for a load of history) to `months_ahead` months after the
 * current one, and a default partition; returns the partitions
 * it created. A month's rows that landed in the default partition meanwhile are moved into the
 * new partition first. Each partition is created apart (with the parent's columns, defaults,
 * checks, storage and compression) and then attached, which locks the parent only in SHARE
 * UPDATE EXCLUSIVE mode (writers go on). Run by every `migrate up` and by
 * `golden-record retention`; nothing when the event store is not partitioned.
 *
 * | parameter | type | meaning |
 * |---|---|---|
 * | months_ahead | integer | how many months after the current one to prepare |
 * | since | timestamptz | the first month to prepare (months a partition already covers are skipped) |
 *
 * Example: `SELECT * FROM _vapi_events_add_partitions(3);  -- vapi_events_p202612, ...`
 */
CREATE OR REPLACE FUNCTION golden_record._vapi_events_add_partitions(p_months_ahead integer DEFAULT 3, p_since timestamptz DEFAULT now())
RETURNS SETOF text
LANGUAGE plpgsql
VOLATILE
SET search_path = pg_catalog, golden_record, pg_temp
AS $$
DECLARE
  v_month timestamp;
  v_lower timestamptz;
  v_upper timestamptz;
  v_name text;
  v_default regclass;
  v_owner name;
BEGIN
  IF (SELECT relkind FROM pg_class WHERE oid = to_regclass('@extschema@.vapi_events')) IS DISTINCT FROM 'p' THEN
    RETURN;
  END IF;
  -- Every partition is owned like its parent (the package's owner role once installed, see
  -- golden_record.take_ownership, which also hands over the partitions of a first install).
  v_owner := (SELECT pg_get_userbyid(c.relowner) FROM pg_class c WHERE c.oid = '@extschema@.vapi_events'::regclass);
  IF NOT EXISTS (SELECT 1 FROM _vapi_events_partitions() WHERE is_default) THEN
    CREATE TABLE @extschema@.vapi_events_default PARTITION OF @extschema@.vapi_events DEFAULT;
    EXECUTE format('ALTER TABLE @extschema@.vapi_events_default OWNER TO %I', v_owner);
    RETURN NEXT 'vapi_events_default';
  END IF;
  SELECT partition INTO v_default FROM _vapi_events_partitions() WHERE is_default;

  FOR v_month IN
    SELECT generate_series(date_trunc('month', least(p_since, now()) AT TIME ZONE 'UTC'),
                           date_trunc('month', now() AT TIME ZONE 'UTC') + make_interval(months => p_months_ahead),
                           interval '1 month')
  LOOP
    v_lower := v_month AT TIME ZONE 'UTC';
    v_upper := (v_month + interval '1 month') AT TIME ZONE 'UTC';
    CONTINUE WHEN EXISTS (SELECT 1 FROM _vapi_events_partitions() p
                           WHERE NOT p.is_default AND p.lower_bound < v_upper AND p.upper_bound > v_lower);
    v_name := 'vapi_events_p' || to_char(v_month, 'YYYYMM');
    EXECUTE format('CREATE TABLE @extschema@.%I (LIKE @extschema@.vapi_events INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING STORAGE INCLUDING COMPRESSION)', v_name);
    EXECUTE format('WITH moved AS (DELETE FROM %s WHERE received_at >= $1 AND received_at < $2 RETURNING *) INSERT INTO @extschema@.%I SELECT * FROM moved',
                   v_default, v_name) USING v_lower, v_upper;
    EXECUTE format('ALTER TABLE @extschema@.vapi_events ATTACH PARTITION @extschema@.%I FOR VALUES FROM (%L) TO (%L)', v_name, v_lower, v_upper);
    EXECUTE format('ALTER TABLE @extschema@.%I OWNER TO %I', v_name, v_owner);
    RETURN NEXT v_name;
  END LOOP;
END;
$$;

REVOKE ALL ON FUNCTION golden_record._vapi_events_add_partitions(integer, timestamptz) FROM PUBLIC;
