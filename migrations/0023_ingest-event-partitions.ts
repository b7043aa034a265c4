import type { MigrationBuilder } from 'node-pg-migrate';

/**
 * The event store (one raw body per delivery, the fastest-growing table) becomes partitioned by
 * month of `received_at`, so `golden-record retention --events 90d` drops whole old partitions
 * without touching calls (sql/ingest/_vapi_events_drop_partitions.sql).
 *
 * Safe on a populated store: the existing table is kept as the first partition, for every row
 * received before the start of next month (UTC). Its new key (id, received_at) is built
 * CONCURRENTLY and the bound is proved by a CHECK added NOT VALID and validated without blocking
 * writers, so the swap itself (rename, new parent, attach) holds ACCESS EXCLUSIVE only for
 * catalogue changes. The partitions of the coming months and a default partition come from the
 * code layer (sql/ingest/prepare_event_partitions.sql) at every `migrate up`.
 *
 * The primary key becomes (id, received_at): a partitioned table's unique keys must include the
 * partition key. `id` stays an identity, continued from the old table's last value, and ingest
 * still returns it as `event_id`. Every step is idempotent, so a run retried after lock_timeout
 * resumes.
 */

const BEFORE = 'vapi_events_before_partitions';

export async function up(pgm: MigrationBuilder): Promise<void> {
  pgm.noTransaction();
  const { rows } = await pgm.db.query(`SELECT relkind FROM pg_class WHERE oid = to_regclass('vapi_events')`);
  if ((rows[0] as { relkind: string } | undefined)?.relkind !== 'r') return;

  const { rows: leftovers } = await pgm.db.query(
    `SELECT 1 FROM pg_index WHERE indexrelid = to_regclass('vapi_events_id_received_at_key') AND NOT indisvalid`,
  );
  if (leftovers.length > 0) pgm.sql(`DROP INDEX CONCURRENTLY IF EXISTS vapi_events_id_received_at_key`);
  pgm.sql(`CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS vapi_events_id_received_at_key ON vapi_events (id, received_at)`);
  pgm.sql(`
    DO $$
    BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = 'vapi_events'::regclass AND conname = 'vapi_events_received_before_partitions') THEN
        EXECUTE format('ALTER TABLE vapi_events ADD CONSTRAINT vapi_events_received_before_partitions CHECK (received_at < %L) NOT VALID',
                       (date_trunc('month', now() AT TIME ZONE 'UTC') + interval '1 month') AT TIME ZONE 'UTC');
      END IF;
    END
    $$`);
  pgm.sql(`ALTER TABLE vapi_events VALIDATE CONSTRAINT vapi_events_received_before_partitions`);
  pgm.sql(`
    DO $$
    DECLARE
      v_bound timestamptz;
      v_next bigint;
    BEGIN
      LOCK TABLE vapi_events IN ACCESS EXCLUSIVE MODE;
      SELECT substring(pg_get_constraintdef(oid) FROM '''([^'']+)''')::timestamptz INTO v_bound
        FROM pg_constraint WHERE conrelid = 'vapi_events'::regclass AND conname = 'vapi_events_received_before_partitions';
      SELECT coalesce(max(id), 0) + 1 INTO v_next FROM vapi_events;

      ALTER TABLE vapi_events DROP CONSTRAINT vapi_events_pkey,
        ADD CONSTRAINT ${BEFORE}_pkey PRIMARY KEY USING INDEX vapi_events_id_received_at_key;
      ALTER TABLE vapi_events ALTER COLUMN id DROP IDENTITY;
      ALTER TABLE vapi_events RENAME CONSTRAINT vapi_events_received_before_partitions TO ${BEFORE}_bound;
      IF to_regclass('idx_vapi_events_call_id') IS NOT NULL THEN
        ALTER INDEX idx_vapi_events_call_id RENAME TO idx_${BEFORE}_call_id;
      END IF;
      ALTER TABLE vapi_events RENAME TO ${BEFORE};

      CREATE TABLE vapi_events (LIKE ${BEFORE} INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING STORAGE INCLUDING COMMENTS)
        PARTITION BY RANGE (received_at);
      ALTER TABLE vapi_events DROP CONSTRAINT ${BEFORE}_bound;
      EXECUTE format('ALTER TABLE vapi_events ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (START WITH %s)', v_next);
      ALTER TABLE vapi_events ADD CONSTRAINT vapi_events_pkey PRIMARY KEY (id, received_at);
      IF to_regclass('idx_${BEFORE}_call_id') IS NOT NULL THEN
        CREATE INDEX idx_vapi_events_call_id ON vapi_events (call_id, received_at DESC) WHERE call_id IS NOT NULL;
      END IF;
      -- An empty store (a fresh install) has nothing to keep: the partitions of _vapi_events_add_partitions
      -- take everything, so no catch-all partition of the past outlives the retention period.
      IF EXISTS (SELECT 1 FROM ${BEFORE}) THEN
        EXECUTE format('ALTER TABLE vapi_events ATTACH PARTITION ${BEFORE} FOR VALUES FROM (MINVALUE) TO (%L)', v_bound);
      ELSE
        DROP TABLE ${BEFORE};
      END IF;
    END
    $$`);
}

/**
 * Back to one plain table: the rows of every partition are copied into it under the lock (run
 * `golden-record retention` first to keep that short), the identity continues after the last id.
 */
export async function down(pgm: MigrationBuilder): Promise<void> {
  pgm.noTransaction();
  pgm.sql(`
    DO $$
    DECLARE
      v_next bigint;
      v_parent pg_class;
    BEGIN
      SELECT * INTO v_parent FROM pg_class WHERE oid = to_regclass('vapi_events');
      IF v_parent.relkind IS DISTINCT FROM 'p' THEN
        RETURN;
      END IF;
      LOCK TABLE vapi_events IN ACCESS EXCLUSIVE MODE;
      CREATE TABLE vapi_events_unpartitioned (LIKE vapi_events INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING STORAGE INCLUDING COMMENTS);
      INSERT INTO vapi_events_unpartitioned SELECT * FROM vapi_events;
      SELECT coalesce(max(id), 0) + 1 INTO v_next FROM vapi_events_unpartitioned;
      DROP TABLE vapi_events;
      ALTER TABLE vapi_events_unpartitioned RENAME TO vapi_events;
      ALTER TABLE vapi_events ADD CONSTRAINT vapi_events_pkey PRIMARY KEY (id);
      EXECUTE format('ALTER TABLE vapi_events ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (START WITH %s)', v_next);
      CREATE INDEX idx_vapi_events_call_id ON vapi_events (call_id, received_at DESC) WHERE call_id IS NOT NULL;
      IF v_parent.relrowsecurity THEN
        ALTER TABLE vapi_events ENABLE ROW LEVEL SECURITY;
      END IF;
      IF v_parent.relforcerowsecurity THEN
        ALTER TABLE vapi_events FORCE ROW LEVEL SECURITY;
      END IF;
    END
    $$`);
}
