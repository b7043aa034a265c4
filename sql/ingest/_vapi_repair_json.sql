/**
 * _vapi_repair_json(body text) → text
 *
 * Private. Makes the two safe repairs a JSON text may need before it can become jsonb: every
 * `\u0000` escape is dropped (jsonb cannot hold NUL), and every lone UTF-16 surrogate escape
 * (a high one not followed by a low one, or a low one not preceded by a high one) becomes
 * `\ufffd`, the replacement character. Everything else is kept byte for byte, including an
 * escaped backslash followed by `u0000`, which is text, not an escape. The result may still
 * not be valid JSON; the caller tries.
 *
 * | parameter | type | meaning |
 * |---|---|---|
 * | body | text | a webhook body that failed to parse as jsonb |
 *
 * Example: `SELECT _vapi_repair_json('{"name":"A\u0000B \ud800"}');` → '{"name":"AB \ufffd"}'
 */
CREATE OR REPLACE FUNCTION golden_record._vapi_repair_json(p_body text)
RETURNS text
LANGUAGE plpgsql
IMMUTABLE
PARALLEL SAFE
SET search_path = pg_catalog, golden_record, pg_temp
AS $$
BEGIN
  RETURN (
  -- Tokens: a \uXXXX escape, any other escape (so `\\` pairs are consumed together), or a run
  -- of text without backslashes. A surrogate's partner is the token right next to it.
  SELECT coalesce(string_agg(CASE
      WHEN token ~* '^\\u0000$' THEN ''
      WHEN token ~* '^\\ud[89ab]' AND coalesce(next_token, '') !~* '^\\ud[c-f]' THEN '\ufffd'
      WHEN token ~* '^\\ud[c-f]' AND coalesce(previous_token, '') !~* '^\\ud[89ab]' THEN '\ufffd'
      ELSE token
    END, '' ORDER BY n), '')
  FROM (
    SELECT t.m[1] AS token, t.n,
           lead(t.m[1]) OVER (ORDER BY t.n) AS next_token,
           lag(t.m[1]) OVER (ORDER BY t.n) AS previous_token
    FROM regexp_matches(p_body, '(\\u[0-9a-fA-F]{4}|\\.|\\$|[^\\]+)', 'g') WITH ORDINALITY AS t(m, n)
  ) AS tokens
  );
END;
$$;

REVOKE ALL ON FUNCTION golden_record._vapi_repair_json(text) FROM PUBLIC;
