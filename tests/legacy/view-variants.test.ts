import { describe, expect, it } from 'vitest';
import { migrateDown, migrateUp } from '../../src/migrate.ts';
import { dumpSchema } from '../../src/schema-dump.ts';
import { testDatabase } from '../support/db.ts';

/**
 * The application's calls_with_caller_names can be any query. Beyond the fixture's plain join:
 * a view keyed by `call_id`, that hides test calls, computes a column the package's view also
 * has, and has a view of its own on top.
 */
const LEGACY = `
CREATE TABLE contacts (id uuid PRIMARY KEY, org_id uuid NOT NULL, phone text NOT NULL, name text NOT NULL);
CREATE TABLE calls (
  id uuid PRIMARY KEY, org_id uuid NOT NULL, vapi_call_id text NOT NULL UNIQUE DEFAULT gen_random_uuid()::text,
  contact_id uuid REFERENCES contacts (id), call_direction text NOT NULL CHECK (call_direction IN ('inbound', 'outbound')),
  phone_number text, caller_name text, is_test_call boolean NOT NULL DEFAULT false, metadata jsonb DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE appointments (
  id uuid PRIMARY KEY, org_id uuid NOT NULL, contact_id uuid REFERENCES contacts (id), scheduled_at timestamptz NOT NULL,
  service_type text NOT NULL, status text NOT NULL DEFAULT 'pending', duration_minutes integer DEFAULT 30,
  created_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO contacts VALUES ('00000000-0000-0000-0000-0000000000c1', '00000000-0000-0000-0000-0000000000a1', '+15550001111', 'Ana Contact');
INSERT INTO calls (id, org_id, contact_id, call_direction, phone_number, caller_name, is_test_call, created_at) VALUES
  ('00000000-0000-0000-0000-000000000001', '00000000-0000-0000-0000-0000000000a1', '00000000-0000-0000-0000-0000000000c1', 'inbound', NULL, 'Ana', false, '2024-05-01 10:00+00'),
  ('00000000-0000-0000-0000-000000000002', '00000000-0000-0000-0000-0000000000a1', NULL, 'outbound', '+15550002222', NULL, false, '2024-05-01 11:00+00'),
  ('00000000-0000-0000-0000-000000000003', '00000000-0000-0000-0000-0000000000a1', NULL, 'inbound', '+15550003333', 'Tess', true, '2024-05-01 12:00+00');
`;

const VIEW = `
CREATE VIEW calls_with_caller_names AS
SELECT c.id AS call_id, c.org_id, COALESCE(c.phone_number, ct.phone) AS phone_number,
       COALESCE(ct.name, c.caller_name, 'Unknown caller') AS resolved_caller_name, c.created_at
  FROM calls c LEFT JOIN contacts ct ON ct.id = c.contact_id
 WHERE NOT c.is_test_call;
CREATE VIEW named_calls AS SELECT call_id, resolved_caller_name FROM calls_with_caller_names;
`;

describe('an application view of another shape', () => {
  it('keeps its columns and values, shows every call, keeps the view built on it, and comes back exactly', async () => {
    const db = await testDatabase({ empty: true });
    await db.sql.unsafe(LEGACY + VIEW);
    const schemaBefore = await dumpSchema(db.sql, ['public']);
    const oldRows = [...(await db.sql`SELECT * FROM calls_with_caller_names ORDER BY call_id`)];
    const dependant = [...(await db.sql`SELECT * FROM named_calls ORDER BY call_id`)];

    await migrateUp({ databaseUrl: db.url });

    const rows = await db.sql`SELECT * FROM calls_with_caller_names ORDER BY call_id`;
    expect(Object.keys(rows[0]).slice(0, 5)).toEqual(['call_id', 'org_id', 'phone_number', 'resolved_caller_name', 'created_at']);
    expect(Object.keys(rows[0])).toEqual(expect.arrayContaining(['direction', 'cost_cents', 'has_appointment', 'caller_name']));
    expect(rows.length).toBe(3);
    // The calls the old view showed: its own values, its computed phone_number and name included.
    expect(rows.slice(0, 2).map((r) => Object.fromEntries(Object.keys(oldRows[0]).map((k) => [k, r[k]])))).toEqual(oldRows);
    expect(rows[0].phone_number).toBe('+15550001111');
    // The test call it hid is there too, with the package's values.
    expect(rows[2]).toMatchObject({
      call_id: '00000000-0000-0000-0000-000000000003', org_id: '00000000-0000-0000-0000-0000000000a1',
      phone_number: '+15550003333', resolved_caller_name: 'Tess', caller_name: 'Tess', has_appointment: false,
    });
    expect([...(await db.sql`SELECT * FROM named_calls ORDER BY call_id`)]).toEqual(dependant);

    await migrateDown({ databaseUrl: db.url }, Infinity);
    expect(await dumpSchema(db.sql, ['public'])).toBe(schemaBefore);
    expect([...(await db.sql`SELECT * FROM calls_with_caller_names ORDER BY call_id`)]).toEqual(oldRows);
  });

  it('stops with a clear message when the old view has no call id to match its rows by, and leaves it working', async () => {
    const db = await testDatabase({ empty: true });
    await db.sql.unsafe(LEGACY + 'CREATE VIEW calls_with_caller_names AS SELECT c.org_id, c.caller_name AS resolved_caller_name FROM calls c;');
    await expect(migrateUp({ databaseUrl: db.url })).rejects.toThrow(/has no call id column \(id or call_id, uuid\)/);
    const rows = await db.sql`SELECT * FROM calls_with_caller_names`;
    expect(rows.length).toBe(3);
    expect(Object.keys(rows[0])).toEqual(['org_id', 'resolved_caller_name']);
  });
});
