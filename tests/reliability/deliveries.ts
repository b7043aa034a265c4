import type postgres from 'postgres';
import { jsonText, type Json } from '../../testkit/json-text.ts';
import { endOfCallReport, noiseMessage, statusUpdate, toolCallsMessage, type CallFacts } from '../../testkit/vapi-bodies.ts';

/**
 * One thing that happens to a call: a webhook body handed to `ingest_vapi_call`, or the booking
 * tool inserting the appointment. The order, race and crash harnesses replay lists of these.
 */
export type Delivery =
  | { kind: 'webhook'; label: string; orgId: string; body: Json }
  | { kind: 'booking'; label: string; orgId: string; booking: Booking };

export interface Booking {
  /** null: the booking tool did not know the call (linked by the contact and time-window fallback). */
  vapiCallId: string | null;
  calendarEventId: string;
  scheduledAt: string;
  serviceType: string;
  customerNumber: string;
}

export interface Outcome {
  label: string;
  /** The jsonb ingest returned (webhooks), null for a booking. */
  result: { status?: string; call_id?: string; reason?: string } | null;
  error?: string;
}

/** The five deliveries of the order test, in their natural order. */
export function callLifecycle(call: CallFacts, orgId: string, booking: { byVapiId: boolean } = { byVapiId: true }): Delivery[] {
  const seconds = (Date.parse(call.endedAt) - Date.parse(call.startedAt)) / 1000;
  return [
    { kind: 'webhook', label: 'status-update in-progress', orgId, body: statusUpdate(call, 'in-progress', 1000) },
    { kind: 'booking', label: booking.byVapiId ? 'booking insert' : 'booking insert (no Vapi id)', orgId, booking: bookingFor(call, booking.byVapiId) },
    { kind: 'webhook', label: 'status-update ended', orgId, body: statusUpdate(call, 'ended', seconds * 1000) },
    { kind: 'webhook', label: 'end-of-call-report', orgId, body: endOfCallReport(call, { delivery: 0 }) },
    { kind: 'webhook', label: 'redelivered end-of-call-report', orgId, body: endOfCallReport(call, { delivery: 1 }) },
  ];
}

/** The lifecycle plus the in-call noise a real call also sends (for the race and crash streams). */
export function busyCallLifecycle(call: CallFacts, orgId: string): Delivery[] {
  return [
    ...callLifecycle(call, orgId),
    { kind: 'webhook', label: 'tool-calls', orgId, body: toolCallsMessage(call, ['bookAppointment']) },
    { kind: 'webhook', label: 'conversation-update', orgId, body: noiseMessage(call, 'conversation-update') },
    { kind: 'webhook', label: 'status-update ringing', orgId, body: statusUpdate(call, 'ringing', 0) },
  ];
}

export function bookingFor(call: CallFacts, byVapiId = true): Booking {
  return {
    vapiCallId: byVapiId ? call.vapiCallId : null,
    calendarEventId: `evt-${call.vapiCallId}`,
    scheduledAt: new Date(Date.parse(call.startedAt) + 3 * 86_400_000).toISOString(),
    serviceType: 'cleaning',
    customerNumber: call.customerNumber,
  };
}

/** Applies one delivery; a raise is reported in the outcome (never thrown). */
export async function deliver(sql: postgres.Sql, delivery: Delivery): Promise<Outcome> {
  try {
    if (delivery.kind === 'webhook') {
      const [{ result }] = await sql`SELECT ingest_vapi_call(${jsonText(delivery.body)}::text::jsonb, ${delivery.orgId}::uuid) AS result`;
      return { label: delivery.label, result };
    }
    const b = delivery.booking;
    await sql`
      INSERT INTO appointments (org_id, contact_id, scheduled_at, status, service_type, duration_minutes, calendar_event_id, vapi_call_id)
      VALUES (${delivery.orgId}, (SELECT id FROM contacts WHERE org_id = ${delivery.orgId} AND phone_number = ${b.customerNumber}),
              ${b.scheduledAt}, 'confirmed', ${b.serviceType}, 30, ${b.calendarEventId}, ${b.vapiCallId})`;
    return { label: delivery.label, result: null };
  } catch (error) {
    const e = error as { code?: string; message?: string };
    return { label: delivery.label, result: null, error: `${e.code ?? 'error'} ${e.message ?? String(error)}` };
  }
}

export async function addContact(sql: postgres.Sql, orgId: string, call: CallFacts): Promise<void> {
  await sql`INSERT INTO contacts (org_id, phone_number, name) VALUES (${orgId}, ${call.customerNumber}, ${'Contact ' + call.customerNumber.slice(-4)}) ON CONFLICT DO NOTHING`;
}
