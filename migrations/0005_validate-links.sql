-- Up Migration
-- VALIDATE takes SHARE UPDATE EXCLUSIVE: it scans a populated table without blocking writers.
ALTER TABLE calls VALIDATE CONSTRAINT calls_appointment_id_fkey;
ALTER TABLE appointments VALIDATE CONSTRAINT appointments_call_id_fkey;

-- Down Migration
-- Validation changes no data; the constraints themselves go with 0002.
SELECT 1;
