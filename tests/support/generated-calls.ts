import type postgres from 'postgres';

/**
 * Calls of one org, generated set-based in SQL (not through ingest) for the report tests and
 * the report's size measurement: `calls` calls spread over `days` days from `start`, with more
 * on weekdays (a third of the weekend's calls move to Friday), twelve ended reasons of falling frequency (so the report has a top ten and an
 * "other"), four tool patterns, a quarter booked (with their appointments), a few costs
 * unknown; plus quarantined deliveries of the org and of no known org, some replayed.
 * Deterministic: the same arguments give the same rows. Needs a superuser (triggers are off
 * while loading).
 */
export async function generateCalls(
  sql: postgres.Sql,
  options: { org: string; start: string; days: number; calls: number; quarantined?: number },
): Promise<void> {
  const { org, start, days, calls, quarantined = 0 } = options;
  await sql.begin(async (tx) => {
    await tx`SELECT set_config('golden_record.org_id', ${org}, true)`;
    // The rows are linked as generated: the linking triggers (and FK checks) would only slow a load of a million.
    await tx`SET LOCAL session_replication_role = replica`;
    await tx`
      CREATE TEMP TABLE generated ON COMMIT DROP AS
      SELECT i, h, md5(${org} || '-call-' || i)::uuid AS id,
             ${start}::timestamptz + make_interval(secs => ((i::bigint * 7919) % (${days}::bigint * 86400))::double precision) AS created_at
        FROM (SELECT i, abs(hashint4(i)) AS h FROM generate_series(1, ${calls}::int) i) g`;
    // Fewer calls on Saturdays and Sundays: a third of them move to the Friday before.
    await tx`
      UPDATE generated SET created_at = created_at - make_interval(days => extract(isodow FROM created_at)::int - 5)
       WHERE extract(isodow FROM created_at) >= 6 AND h % 3 = 0
         AND created_at - make_interval(days => extract(isodow FROM created_at)::int - 5) >= ${start}::timestamptz`;
    await tx`
      INSERT INTO appointments (id, org_id, scheduled_at, status, service_type, duration_minutes, vapi_call_id, created_at)
      SELECT md5(${org} || '-appointment-' || i)::uuid, ${org}::uuid, created_at + interval '3 days', 'confirmed',
             (ARRAY['cleaning', 'checkup', 'whitening', 'consultation'])[1 + h % 4], 30, 'gen-' || ${org} || '-' || i, created_at + interval '2 minutes'
        FROM generated WHERE i % 4 = 0`;
    await tx`
      INSERT INTO calls (id, org_id, vapi_call_id, direction, status, started_at, ended_at, duration_seconds, cost_cents,
                         ended_reason, tools_used, appointment_id, created_at)
      SELECT id, ${org}::uuid, 'gen-' || ${org} || '-' || i, 'inbound', 'ended',
             CASE WHEN h % 13 <> 0 THEN created_at END, created_at + make_interval(secs => 20 + h % 400), 20 + h % 400,
             CASE WHEN h % 50 = 0 THEN NULL ELSE 20 + h % 180 END,
             (ARRAY['customer-ended-call', 'assistant-ended-call', 'silence-timed-out', 'customer-did-not-answer', 'voicemail',
                    'assistant-forwarded-call', 'exceeded-max-duration', 'customer-busy', 'pipeline-error-openai-llm-failed',
                    'assistant-said-end-call-phrase', 'twilio-failed-to-connect-call', 'unknown-error'])[1 + floor(12 * ((h % 1000) / 1000.0) ^ 2.2)::int],
             CASE WHEN i % 4 = 0 THEN ARRAY['lookupCustomer', 'checkAvailability', 'bookAppointment']
                  WHEN i % 4 = 1 THEN ARRAY['lookupCustomer', 'checkAvailability']
                  WHEN i % 4 = 2 THEN ARRAY['transferCall']
                  ELSE '{}'::text[] END,
             CASE WHEN i % 4 = 0 THEN md5(${org} || '-appointment-' || i)::uuid END,
             created_at
        FROM generated`;
    await tx`
      INSERT INTO vapi_quarantine (org_id, received_at, reason, detail, payload_text, replayed_at, replay_outcome)
      SELECT CASE WHEN q % 3 = 0 THEN NULL ELSE ${org}::uuid END,
             ${start}::timestamptz + make_interval(secs => ((q::bigint * 104729) % (${days}::bigint * 86400))::double precision),
             CASE WHEN q % 3 = 0 THEN 'unknown_org' ELSE (ARRAY['invalid_json', 'missing_call_id', 'missing_message_type'])[1 + q % 3] END,
             'generated', '{"generated": ' || q || '}',
             CASE WHEN q % 4 = 0 THEN ${start}::timestamptz + interval '1 hour' END, CASE WHEN q % 4 = 0 THEN 'ingested' END
        FROM generate_series(1, ${quarantined}::int) q`;
  });
}
