BEGIN;
SELECT plan(13);

-- 23 calls of org A: 20 at the very same instant (only the id tells them apart), 3 around them,
-- plus calls of org B at the same instant.
INSERT INTO calls (org_id, vapi_call_id, created_at)
SELECT 'a0000000-0000-0000-0000-00000000000a', 'same-' || i, '2025-03-01 12:00:00+00' FROM generate_series(1, 20) i;
INSERT INTO calls (org_id, vapi_call_id, created_at) VALUES
  ('a0000000-0000-0000-0000-00000000000a', 'later', '2025-03-01 12:00:00.000001+00'),
  ('a0000000-0000-0000-0000-00000000000a', 'earlier', '2025-03-01 11:59:59.999999+00'),
  ('a0000000-0000-0000-0000-00000000000a', 'oldest', '2024-03-01 12:00:00+00');
INSERT INTO calls (org_id, vapi_call_id, created_at)
SELECT 'b0000000-0000-0000-0000-00000000000b', 'other-' || i, '2025-03-01 12:00:00+00' FROM generate_series(1, 5) i;

-- Every page of org A's list with a page size, following next_cursor to the end.
CREATE FUNCTION pg_temp.pages(p_filters jsonb, p_page_size integer)
RETURNS TABLE (page integer, item_index bigint, vapi_call_id text, next_cursor text)
LANGUAGE sql AS $$
  WITH RECURSIVE walk (page, result) AS (
    SELECT 1, calls_dashboard_list('a0000000-0000-0000-0000-00000000000a', p_filters, p_page_size)
    UNION ALL
    SELECT w.page + 1, calls_dashboard_list('a0000000-0000-0000-0000-00000000000a', p_filters, p_page_size, w.result ->> 'next_cursor')
      FROM walk w WHERE w.result ->> 'next_cursor' IS NOT NULL
  )
  SELECT w.page, i.n, i.item ->> 'vapi_call_id', w.result ->> 'next_cursor'
    FROM walk w LEFT JOIN LATERAL jsonb_array_elements(w.result -> 'items') WITH ORDINALITY AS i(item, n) ON true
$$;

CREATE TEMP TABLE expected AS
SELECT row_number() OVER (ORDER BY created_at DESC, id DESC) AS position, vapi_call_id
  FROM calls WHERE org_id = 'a0000000-0000-0000-0000-00000000000a';

CREATE TEMP TABLE walked AS
SELECT row_number() OVER (ORDER BY page, item_index) AS position, page, vapi_call_id, next_cursor FROM pg_temp.pages('{}', 4);

SELECT is((SELECT count(*)::int FROM walked), 23, 'pages of 4 return the 23 calls');
SELECT is((SELECT count(DISTINCT vapi_call_id)::int FROM walked), 23, 'no call is repeated');
SELECT results_eq(
  'SELECT position, vapi_call_id FROM walked ORDER BY position',
  'SELECT position, vapi_call_id FROM expected ORDER BY position',
  'the pages, end to end, are the org''s calls newest first, then by id descending'
);
SELECT is((SELECT max(page) FROM walked), 6, 'six pages: 5 full ones and a last one of 3');
SELECT is((SELECT count(*)::int FROM walked WHERE page = 6 AND next_cursor IS NULL), 3, 'the last page has no next_cursor');
SELECT is((SELECT count(*)::int FROM walked WHERE page < 6 AND next_cursor IS NULL), 0, 'every other page has one');

SELECT is(
  (SELECT array_agg(DISTINCT page ORDER BY page) FROM pg_temp.pages('{}', 23)),
  ARRAY[1], 'when the calls fill the page exactly, there is no next page (no empty trailing page)'
);
SELECT is(
  (SELECT count(*)::int FROM pg_temp.pages('{}', 1)), 23, 'a page size of 1 walks every call'
);
SELECT is(
  (SELECT count(DISTINCT vapi_call_id)::int FROM pg_temp.pages('{"from": "2025-03-01T12:00:00Z", "to": "2025-03-01T12:00:00.000001Z"}', 3)),
  20, 'a filtered walk through the 20 equal timestamps returns each once'
);

-- A call recorded while the user pages (so newer than every page) does not shift the pages
-- after the cursor, as an offset would.
CREATE TEMP TABLE first_page AS
SELECT calls_dashboard_list('a0000000-0000-0000-0000-00000000000a', '{}', 10) AS result;
INSERT INTO calls (org_id, vapi_call_id, created_at) VALUES ('a0000000-0000-0000-0000-00000000000a', 'arrived-meanwhile', '2025-03-02 08:00:00+00');
SELECT is(
  (SELECT array_agg(item ->> 'vapi_call_id')
     FROM first_page, jsonb_array_elements(calls_dashboard_list('a0000000-0000-0000-0000-00000000000a', '{}', 100, result ->> 'next_cursor') -> 'items') item),
  (SELECT array_agg(vapi_call_id ORDER BY position) FROM expected WHERE position > 10),
  'the next page continues exactly after the last item seen'
);

SELECT is(
  calls_dashboard_list('c0000000-0000-0000-0000-00000000000c'),
  '{"items": [], "next_cursor": null}'::jsonb,
  'an org without calls gets an empty page'
);
SELECT is(
  jsonb_array_length(calls_dashboard_list('a0000000-0000-0000-0000-00000000000a') -> 'items'), 24,
  'the default page size (50) holds all 24 calls'
);
SELECT matches(
  calls_dashboard_list('a0000000-0000-0000-0000-00000000000a', '{}', 1) ->> 'next_cursor',
  '^[A-Za-z0-9_-]+$', 'the cursor is opaque, URL-safe text'
);

SELECT * FROM finish();
ROLLBACK;
