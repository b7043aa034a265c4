-- Up Migration
-- The golden record (docs/contract.md, Tables). Every statement is an IF NOT EXISTS form preceded by
-- golden_record.track, so on a database that already has these tables only the missing
-- parts are added, and `migrate down` removes only those.

SELECT golden_record.track('0002_core-tables', 'table', 'contacts', 'contacts');
CREATE TABLE IF NOT EXISTS contacts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL,
  phone_number text,
  name text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT contacts_org_id_phone_number_key UNIQUE (org_id, phone_number)
);
SELECT golden_record.track('0002_core-tables', 'column', 'contacts', 'phone_number');
ALTER TABLE contacts ADD COLUMN IF NOT EXISTS phone_number text;
SELECT golden_record.track('0002_core-tables', 'column', 'contacts', 'name');
ALTER TABLE contacts ADD COLUMN IF NOT EXISTS name text;

SELECT golden_record.track('0002_core-tables', 'table', 'calls', 'calls');
CREATE TABLE IF NOT EXISTS calls (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL,
  vapi_call_id text CONSTRAINT calls_vapi_call_id_key UNIQUE,
  direction text CONSTRAINT calls_direction_check CHECK (direction IN ('inbound', 'outbound', 'web')),
  phone_number text,
  caller_name text,
  contact_id uuid CONSTRAINT calls_contact_id_fkey REFERENCES contacts (id) ON DELETE SET NULL,
  status text,
  started_at timestamptz,
  ended_at timestamptz,
  duration_seconds integer,
  cost_cents integer,
  cost_breakdown jsonb,
  ended_reason text,
  tools_used text[] NOT NULL DEFAULT '{}',
  appointment_id uuid,
  recording_url text,
  transcript text,
  summary text,
  metadata jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
SELECT golden_record.track('0002_core-tables', 'column', 'calls', 'vapi_call_id');
ALTER TABLE calls ADD COLUMN IF NOT EXISTS vapi_call_id text;
SELECT golden_record.track('0002_core-tables', 'column', 'calls', 'direction');
ALTER TABLE calls ADD COLUMN IF NOT EXISTS direction text;
SELECT golden_record.track('0002_core-tables', 'column', 'calls', 'phone_number');
ALTER TABLE calls ADD COLUMN IF NOT EXISTS phone_number text;
SELECT golden_record.track('0002_core-tables', 'column', 'calls', 'caller_name');
ALTER TABLE calls ADD COLUMN IF NOT EXISTS caller_name text;
SELECT golden_record.track('0002_core-tables', 'column', 'calls', 'contact_id');
ALTER TABLE calls ADD COLUMN IF NOT EXISTS contact_id uuid;
SELECT golden_record.track('0002_core-tables', 'column', 'calls', 'status');
ALTER TABLE calls ADD COLUMN IF NOT EXISTS status text;
SELECT golden_record.track('0002_core-tables', 'column', 'calls', 'started_at');
ALTER TABLE calls ADD COLUMN IF NOT EXISTS started_at timestamptz;
SELECT golden_record.track('0002_core-tables', 'column', 'calls', 'ended_at');
ALTER TABLE calls ADD COLUMN IF NOT EXISTS ended_at timestamptz;
SELECT golden_record.track('0002_core-tables', 'column', 'calls', 'duration_seconds');
ALTER TABLE calls ADD COLUMN IF NOT EXISTS duration_seconds integer;
SELECT golden_record.track('0002_core-tables', 'column', 'calls', 'cost_cents');
ALTER TABLE calls ADD COLUMN IF NOT EXISTS cost_cents integer;
SELECT golden_record.track('0002_core-tables', 'column', 'calls', 'cost_breakdown');
ALTER TABLE calls ADD COLUMN IF NOT EXISTS cost_breakdown jsonb;
SELECT golden_record.track('0002_core-tables', 'column', 'calls', 'ended_reason');
ALTER TABLE calls ADD COLUMN IF NOT EXISTS ended_reason text;
-- A constant default is stored in the catalogue (PostgreSQL 11+): no table rewrite.
SELECT golden_record.track('0002_core-tables', 'column', 'calls', 'tools_used');
ALTER TABLE calls ADD COLUMN IF NOT EXISTS tools_used text[] NOT NULL DEFAULT '{}';
SELECT golden_record.track('0002_core-tables', 'column', 'calls', 'appointment_id');
ALTER TABLE calls ADD COLUMN IF NOT EXISTS appointment_id uuid;
SELECT golden_record.track('0002_core-tables', 'column', 'calls', 'recording_url');
ALTER TABLE calls ADD COLUMN IF NOT EXISTS recording_url text;
SELECT golden_record.track('0002_core-tables', 'column', 'calls', 'transcript');
ALTER TABLE calls ADD COLUMN IF NOT EXISTS transcript text;
SELECT golden_record.track('0002_core-tables', 'column', 'calls', 'summary');
ALTER TABLE calls ADD COLUMN IF NOT EXISTS summary text;
SELECT golden_record.track('0002_core-tables', 'column', 'calls', 'metadata');
ALTER TABLE calls ADD COLUMN IF NOT EXISTS metadata jsonb NOT NULL DEFAULT '{}';
SELECT golden_record.track('0002_core-tables', 'column', 'calls', 'created_at');
ALTER TABLE calls ADD COLUMN IF NOT EXISTS created_at timestamptz NOT NULL DEFAULT now();
SELECT golden_record.track('0002_core-tables', 'column', 'calls', 'updated_at');
ALTER TABLE calls ADD COLUMN IF NOT EXISTS updated_at timestamptz NOT NULL DEFAULT now();

SELECT golden_record.track('0002_core-tables', 'table', 'appointments', 'appointments');
CREATE TABLE IF NOT EXISTS appointments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL,
  contact_id uuid CONSTRAINT appointments_contact_id_fkey REFERENCES contacts (id) ON DELETE SET NULL,
  scheduled_at timestamptz,
  status text,
  service_type text,
  duration_minutes integer,
  calendar_event_id text,
  call_id uuid,
  vapi_call_id text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
SELECT golden_record.track('0002_core-tables', 'column', 'appointments', 'contact_id');
ALTER TABLE appointments ADD COLUMN IF NOT EXISTS contact_id uuid;
SELECT golden_record.track('0002_core-tables', 'column', 'appointments', 'scheduled_at');
ALTER TABLE appointments ADD COLUMN IF NOT EXISTS scheduled_at timestamptz;
SELECT golden_record.track('0002_core-tables', 'column', 'appointments', 'status');
ALTER TABLE appointments ADD COLUMN IF NOT EXISTS status text;
SELECT golden_record.track('0002_core-tables', 'column', 'appointments', 'service_type');
ALTER TABLE appointments ADD COLUMN IF NOT EXISTS service_type text;
SELECT golden_record.track('0002_core-tables', 'column', 'appointments', 'duration_minutes');
ALTER TABLE appointments ADD COLUMN IF NOT EXISTS duration_minutes integer;
SELECT golden_record.track('0002_core-tables', 'column', 'appointments', 'created_at');
ALTER TABLE appointments ADD COLUMN IF NOT EXISTS created_at timestamptz NOT NULL DEFAULT now();
SELECT golden_record.track('0002_core-tables', 'column', 'appointments', 'calendar_event_id');
ALTER TABLE appointments ADD COLUMN IF NOT EXISTS calendar_event_id text;
SELECT golden_record.track('0002_core-tables', 'column', 'appointments', 'call_id');
ALTER TABLE appointments ADD COLUMN IF NOT EXISTS call_id uuid;
SELECT golden_record.track('0002_core-tables', 'column', 'appointments', 'vapi_call_id');
ALTER TABLE appointments ADD COLUMN IF NOT EXISTS vapi_call_id text;

-- The two links reference each other, so they are added once both tables exist. NOT VALID
-- skips the scan of a populated table; 0005 validates them without blocking writers.
SELECT golden_record.track('0002_core-tables', 'constraint', 'calls', 'calls_appointment_id_fkey');
SELECT golden_record.track('0002_core-tables', 'constraint', 'appointments', 'appointments_call_id_fkey');
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = 'calls'::regclass AND conname = 'calls_appointment_id_fkey') THEN
    ALTER TABLE calls ADD CONSTRAINT calls_appointment_id_fkey
      FOREIGN KEY (appointment_id) REFERENCES appointments (id) ON DELETE SET NULL NOT VALID;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = 'appointments'::regclass AND conname = 'appointments_call_id_fkey') THEN
    ALTER TABLE appointments ADD CONSTRAINT appointments_call_id_fkey
      FOREIGN KEY (call_id) REFERENCES calls (id) ON DELETE SET NULL NOT VALID;
  END IF;
END
$$;

-- Down Migration
SELECT golden_record.untrack('0002_core-tables');
