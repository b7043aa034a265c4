/**
 * _sync_legacy_twins() → trigger
 *
 * Private. Keeps a legacy column and its golden-record twin equal while the old application
 * still writes the old name and the package writes the new one (expand now, contract later).
 * BEFORE INSERT OR UPDATE, FOR EACH ROW; its arguments are triples
 * `(legacy column, canonical column, mode)`:
 *
 * | argument | meaning |
 * |---|---|
 * | legacy column | the application's name, e.g. `call_direction` |
 * | canonical column | the package's name, e.g. `direction` |
 * | mode | `nullable`, `not null` (the legacy column is NOT NULL: a NULL is never copied into it), or `not null default <value>` (and an insert that gives neither column gets that value in the legacy column only) |
 *
 * On INSERT the canonical value wins when it is given (the package's columns have no defaults,
 * so a value there was written on purpose), else it is copied from the legacy one. On UPDATE
 * the side the statement changed is copied to the other; when both changed, the canonical one
 * wins. Columns are read and written through jsonb, so one function serves every table.
 *
 * Example: `CREATE TRIGGER _sync_legacy_twins BEFORE INSERT OR UPDATE OF call_direction, direction ON calls
 *   FOR EACH ROW EXECUTE FUNCTION _sync_legacy_twins('call_direction', 'direction', 'not null default inbound');`
 */
CREATE OR REPLACE FUNCTION golden_record._sync_legacy_twins()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, golden_record, pg_temp
AS $$
DECLARE
  v_new jsonb := to_jsonb(NEW);
  v_old jsonb := CASE WHEN TG_OP = 'UPDATE' THEN to_jsonb(OLD) END;
  v_patch jsonb := '{}'::jsonb;
  v_legacy text;
  v_canonical text;
  v_mode text;
  v_value jsonb;
BEGIN
  FOR i IN 0 .. TG_NARGS / 3 - 1 LOOP
    v_legacy := TG_ARGV[3 * i];
    v_canonical := TG_ARGV[3 * i + 1];
    v_mode := TG_ARGV[3 * i + 2];
    v_value := NULL;
    IF TG_OP = 'INSERT' THEN
      IF v_new -> v_canonical <> 'null' THEN
        v_value := v_new -> v_canonical;
      ELSIF v_new -> v_legacy <> 'null' THEN
        v_patch := v_patch || jsonb_build_object(v_canonical, v_new -> v_legacy);
      ELSIF v_mode LIKE 'not null default %' THEN
        v_value := to_jsonb(substr(v_mode, length('not null default ') + 1));
      END IF;
    ELSIF v_new -> v_canonical IS DISTINCT FROM v_old -> v_canonical THEN
      v_value := v_new -> v_canonical;
    ELSIF v_new -> v_legacy IS DISTINCT FROM v_old -> v_legacy THEN
      v_patch := v_patch || jsonb_build_object(v_canonical, v_new -> v_legacy);
    END IF;
    IF v_value IS NOT NULL AND (v_value <> 'null' OR v_mode = 'nullable') THEN
      v_patch := v_patch || jsonb_build_object(v_legacy, v_value);
    END IF;
  END LOOP;
  IF v_patch <> '{}' THEN
    NEW := jsonb_populate_record(NEW, v_patch);
  END IF;
  RETURN NEW;
END;
$$;

REVOKE ALL ON FUNCTION golden_record._sync_legacy_twins() FROM PUBLIC;
