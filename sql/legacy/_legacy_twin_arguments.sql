/**
 * _legacy_twin_arguments(table regclass, twins text[]) → (columns text, arguments text)
 *
 * Private, used when the code layer is installed. Of the candidate twins of a table, keeps
 * those whose legacy and canonical columns both exist, and returns what the `_sync_legacy_twins`
 * trigger of that table needs: the `UPDATE OF` column list and the trigger arguments (triples
 * legacy, canonical, mode; see _sync_legacy_twins). Both NULL when the table has no legacy twin.
 *
 * | parameter | type | meaning |
 * |---|---|---|
 * | table | regclass | calls, contacts or appointments |
 * | twins | text[] | rows of `{legacy, canonical, value for a NOT NULL legacy column when neither is given ('' for none)}` |
 *
 * Example: `SELECT * FROM _legacy_twin_arguments('calls', ARRAY[['start_time', 'started_at', '']]);`
 */
CREATE OR REPLACE FUNCTION golden_record._legacy_twin_arguments(p_table regclass, p_twins text[])
RETURNS TABLE (columns text, arguments text)
LANGUAGE sql
STABLE
SET search_path = pg_catalog, golden_record, pg_temp
AS $$
  SELECT string_agg(format('%I, %I', t.legacy, t.canonical), ', ' ORDER BY t.rank),
         string_agg(format('%L, %L, %L', t.legacy, t.canonical,
                           CASE WHEN NOT l.attnotnull THEN 'nullable'
                                WHEN t.fallback = '' THEN 'not null'
                                ELSE 'not null default ' || t.fallback END), ', ' ORDER BY t.rank)
    FROM generate_subscripts(p_twins, 1) AS i,
         LATERAL (SELECT i AS rank, p_twins[i][1] AS legacy, p_twins[i][2] AS canonical, p_twins[i][3] AS fallback) t
    JOIN pg_attribute l ON l.attrelid = p_table AND l.attname = t.legacy AND NOT l.attisdropped
    JOIN pg_attribute c ON c.attrelid = p_table AND c.attname = t.canonical AND NOT c.attisdropped;
$$;

REVOKE ALL ON FUNCTION golden_record._legacy_twin_arguments(regclass, text[]) FROM PUBLIC;
