import { describe, expect, it } from 'vitest';
import { migrateDown, migrateUp } from '../../src/migrate.ts';
import { runCli } from '../support/cli.ts';
import { testDatabase } from '../support/db.ts';
import { migrationPosition } from '../support/migrations.ts';

/**
 * The event store's conversion to monthly partitions on a populated database (every body and
 * id kept, the identity continued), `golden-record retention`, and the way back down.
 */

const ORG = '00000000-0000-4000-8000-0000000000e1';
// Where the migration that partitions the event store stands (whatever its number).
const { before, fromIt: partitioningAndAfter } = migrationPosition('_ingest-event-partitions');

describe('vapi_events partitioning on a populated store', async () => {
  const db = await testDatabase({ empty: true });
  const options = { databaseUrl: db.url };
  const ingest = (id: string) =>
    db.sql`SELECT ingest_vapi_call(${db.sql.json({ message: { type: 'end-of-call-report', cost: 0.25, call: { id } } })}, ${ORG}::uuid) AS r`;
  const events = () => db.sql<{ id: string; vapi_call_id: string }[]>`SELECT id, vapi_call_id FROM vapi_events ORDER BY id`;
  const relkind = async () => (await db.sql<{ relkind: string }[]>`SELECT relkind FROM pg_class WHERE oid = 'vapi_events'::regclass`)[0].relkind;

  it('keeps every body and id, attaches the old table as the first partition and continues the ids', async () => {
    // The schema as it was before the partitioning migration (the code layer comes with the latest migration only).
    await migrateUp(options, before);
    await db.sql`INSERT INTO vapi_events (org_id, message_type, vapi_call_id, outcome, payload)
                 SELECT ${ORG}, 'end-of-call-report', 'old-' || n, 'ignored', '{}' FROM generate_series(1, 3) n`;
    const old = await events();
    expect(await relkind()).toBe('r');

    await migrateUp(options);
    expect(await relkind()).toBe('p');
    expect(await events()).toEqual(old);
    const partitions = await db.sql<{ partition: string }[]>`SELECT partition::text FROM golden_record._vapi_events_partitions() ORDER BY lower_bound NULLS LAST`;
    expect(partitions[0].partition).toBe('vapi_events_before_partitions');
    expect(partitions.length).toBeGreaterThanOrEqual(5);

    await ingest('new-1');
    const after = await events();
    expect(after.length).toBe(4);
    expect(BigInt(after[3].id)).toBeGreaterThan(BigInt(old[2].id));
  });

  it('retention drops nothing received within the period, and keeps every call', async () => {
    const result = await runCli(['retention', '--events', '90d', '--json', '--database-url', db.url]);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ keep_days: 90, dropped: [] });
    expect((await events()).length).toBe(4);
    expect((await db.sql`SELECT 1 FROM calls`).length).toBe(1);
  });

  it('refuses a period it cannot read with one line and exit 1', async () => {
    const result = await runCli(['retention', '--events', 'soon', '--database-url', db.url]);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('goes back down to one plain table with every row, and up again', async () => {
    const all = await events();
    // Down through the partitioning migration and every one after it.
    await migrateDown(options, partitioningAndAfter);
    expect(await relkind()).toBe('r');
    expect(await events()).toEqual(all);
    await migrateUp(options);
    expect(await relkind()).toBe('p');
    expect(await events()).toEqual(all);
    await ingest('new-2');
    expect((await events()).length).toBe(5);
  });
});
