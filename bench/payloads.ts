/**
 * Realistic Vapi deliveries for the benchmark (docs/vapi-wire-format.md), generated from a seed so every run
 * sends the same bytes: end-of-call-reports of about 4 KB with ~20 messages and a few tool
 * calls in the three message formats, redelivered reports (new presigned recording URL and
 * timestamp), status-updates before and after the report, and the bookings the booking tool
 * makes during a call. Each call also carries its extracted row, the answer the minimal
 * baseline upserts and COPY loads.
 */

import { Random } from '../testkit/random.ts';
import { ENDED_REASONS, toolUseMessages } from '../testkit/vapi-bodies.ts';

export const SERVICES = ['cleaning', 'checkup', 'whitening', 'consultation', 'filling'] as const;

/** The org uuids of a run: deterministic, readable in psql. */
export function orgIds(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `00000000-0000-4000-a000-${String(i + 1).padStart(12, '0')}`);
}

export interface Booking {
  id: string;
  createdAt: Date;
  scheduledAt: Date;
  serviceType: string;
  /** The booking tool knew the call id (linked by vapi_call_id); else linked by contact and time. */
  knowsCallId: boolean;
}

export interface CallPlan {
  org: string;
  vapiCallId: string;
  assistantId: string;
  callType: 'inboundPhoneCall' | 'outboundPhoneCall' | 'webCall';
  direction: 'inbound' | 'outbound' | 'web';
  customerNumber: string | null;
  customerName: string | null;
  /** The org already has a contact with this number. */
  hasContact: boolean;
  startedAt: Date;
  endedAt: Date;
  durationSeconds: number;
  /** Cost in ten-thousandths of a dollar: exact, so the expected cents need no float. */
  costUnits: number;
  endedReason: string;
  tools: string[];
  format: 'vapi' | 'legacy' | 'openai';
  booking: Booking | null;
}

/** The row the contract extracts from a delivery: what the minimal baseline upserts, what COPY loads. */
export interface ExtractedRow {
  org_id: string;
  vapi_call_id: string;
  direction: string | null;
  phone_number: string | null;
  caller_name: string | null;
  status: string;
  started_at: string | null;
  ended_at: string | null;
  duration_seconds: number | null;
  cost_cents: number | null;
  cost_breakdown: object | null;
  ended_reason: string | null;
  tools_used: string[];
  recording_url: string | null;
  transcript: string | null;
  summary: string | null;
  metadata: object;
}

export type DeliveryKind = 'status-update' | 'end-of-call-report' | 'redelivery' | 'late-status-update';

export interface Delivery {
  plan: CallPlan;
  kind: DeliveryKind;
  /** The raw body, as a webhook route receives it. */
  body: string;
  row: ExtractedRow;
}

const FIRST = ['Ana', 'Ben', 'Chloé', 'Dmitri', 'Emeka', 'Fatima', 'George', 'Hana', 'Ivan', 'Julia', 'Kenji', 'Lena'];
const LAST = ['Silva', "O'Brien", 'Nguyen', 'Kowalski', 'Okafor', 'Haddad', 'Smith', 'Tanaka', 'Petrov', 'Moreau'];
const USER_LINES = [
  'Hi, I would like to book a cleaning.',
  'Anything on Tuesday afternoon?',
  'Yes, that works for me.',
  'How much is a whitening?',
  'Could you transfer me to the front desk?',
  'No, that is all, thanks.',
  'I need to move my appointment.',
  'Is Dr. Patel in on Friday?',
];
const BOT_LINES = [
  'Bright Smile Dental, this is Riley. How can I help?',
  'Of course, one moment please.',
  'I have Tuesday 2:30 PM or Thursday 10 AM.',
  'You are all set, a confirmation text is on its way.',
  'A whitening is usually 250 to 400 dollars.',
  'Transferring you now, please hold.',
  'Anything else I can help with?',
  'Have a wonderful day, goodbye!',
];
const SYSTEM_PROMPT =
  'You are Riley, the scheduling assistant of Bright Smile Dental. Check availability before offering times, book with ' +
  'bookAppointment, transfer to the front desk when asked. Keep answers short.';

const iso = (d: Date) => d.toISOString();
const dollars = (units: number) => units / 10000;
const centsOf = (units: number) => Math.ceil(units / 100);

/**
 * Plans `count` calls spread over `orgs`, ending before `endBefore`: directions, customers,
 * costs, ended reasons, tools (in order of first use) and, for about 30%, a booking made during
 * the call (half of them by a tool that knew the call id).
 */
export function planCalls(options: { seed: number; count: number; orgs: string[]; endBefore?: Date; prefix?: string }): CallPlan[] {
  const rng = new Random(options.seed);
  const end = (options.endBefore ?? new Date()).getTime();
  const plans: CallPlan[] = [];
  for (let i = 0; i < options.count; i++) {
    const callType = rng.chance(0.7) ? 'inboundPhoneCall' : rng.chance(0.8) ? 'outboundPhoneCall' : 'webCall';
    const direction = callType === 'inboundPhoneCall' ? 'inbound' : callType === 'outboundPhoneCall' ? 'outbound' : 'web';
    const booked = rng.chance(0.3);
    const customerNumber = callType === 'webCall' ? null : `+1${rng.between(200, 989)}555${String(rng.between(0, 9999)).padStart(4, '0')}`;
    const durationSeconds = rng.between(15, 480);
    const endedAt = new Date(end - (options.count - i) * 30_000 - rng.between(0, 20_000));
    const startedAt = new Date(endedAt.getTime() - durationSeconds * 1000);
    const tools: string[] = ['lookupCustomer'];
    if (booked || rng.chance(0.4)) tools.push('checkAvailability');
    if (booked) tools.push('bookAppointment');
    if (rng.chance(0.15)) tools.push('transferCall');
    else if (rng.chance(0.5)) tools.push('endCall');
    const org = options.orgs[i % options.orgs.length];
    plans.push({
      org,
      vapiCallId: `${options.prefix ?? ''}${rng.uuid()}`,
      assistantId: rng.uuid(),
      callType,
      direction,
      customerNumber,
      customerName: rng.chance(0.6) ? `${rng.pick(FIRST)} ${rng.pick(LAST)}` : null,
      hasContact: customerNumber !== null && (booked || rng.chance(0.5)),
      startedAt,
      endedAt,
      durationSeconds,
      costUnits: rng.chance(0.03) ? 0 : rng.between(200, 15000),
      endedReason: rng.pick(ENDED_REASONS),
      tools,
      format: rng.chance(0.8) ? 'vapi' : rng.chance(0.5) ? 'legacy' : 'openai',
      booking: booked && customerNumber !== null
        ? {
            id: rng.uuid(),
            createdAt: new Date(startedAt.getTime() + Math.floor(durationSeconds * 1000 * 0.6)),
            scheduledAt: new Date(endedAt.getTime() + rng.between(1, 14) * 86_400_000),
            serviceType: rng.pick(SERVICES),
            knowsCallId: rng.chance(0.5),
          }
        : null,
    });
  }
  return plans;
}

function conversation(plan: CallPlan, rng: Random) {
  // 16 turns (~20 messages with the tool results): system prompt, alternating bot and user lines, each tool call followed by its
  // result except the built-in ones (transferCall, endCall), which often have none.
  const start = plan.startedAt.getTime();
  const turns: { role: 'system' | 'bot' | 'user' | 'tool'; text: string; tool?: string; id?: string; at: number }[] = [];
  const step = Math.floor((plan.durationSeconds * 1000) / 22);
  let at = start;
  turns.push({ role: 'system', text: SYSTEM_PROMPT, at });
  const toolAt = new Set(plan.tools.map((_, k) => 3 + k * 4));
  for (let k = 1; turns.length < 16; k++) {
    at += step;
    if (toolAt.has(k)) {
      const tool = plan.tools[[...toolAt].indexOf(k)];
      turns.push({ role: 'tool', text: '', tool, id: `call_${rng.hex(24)}`, at });
    } else {
      turns.push({ role: k % 2 ? 'bot' : 'user', text: rng.pick(k % 2 ? BOT_LINES : USER_LINES), at });
    }
  }
  return turns;
}

function toolArguments(tool: string, plan: CallPlan): Record<string, unknown> {
  switch (tool) {
    case 'checkAvailability':
      return { date: iso(plan.endedAt).slice(0, 10), service: plan.booking?.serviceType ?? 'checkup' };
    case 'bookAppointment':
      return { startsAt: plan.booking ? iso(plan.booking.scheduledAt) : null, service: plan.booking?.serviceType, name: plan.customerName };
    case 'lookupCustomer':
      return { phone: plan.customerNumber };
    case 'transferCall':
      return { destination: '+15555550100' };
    default:
      return {};
  }
}

function messagesFor(plan: CallPlan, rng: Random): { key: 'artifact.messages' | 'messages' | 'artifact.messagesOpenAIFormatted'; value: unknown[] } {
  const start = plan.startedAt.getTime();
  const value = conversation(plan, rng).flatMap((t) => {
    const secondsFromStart = Math.round((t.at - start) / 10) / 100;
    if (t.role === 'tool') {
      const use = { id: t.id!, name: t.tool!, arguments: JSON.stringify(toolArguments(t.tool!, plan)), result: '{"ok":true,"slots":2}' };
      return toolUseMessages(plan.format, { ...use, time: t.at, resultTime: t.at + 400, extra: { secondsFromStart } });
    }
    if (plan.format === 'openai') return [{ role: t.role === 'bot' ? 'assistant' : t.role, content: t.text }];
    return [{ role: t.role, message: t.text, time: t.at, secondsFromStart }];
  });
  return { key: plan.format === 'openai' ? 'artifact.messagesOpenAIFormatted' : plan.format === 'legacy' ? 'messages' : 'artifact.messages', value };
}

/** Presigned: the signature and date change on every delivery, so a redelivered body differs. */
function recordingUrl(plan: CallPlan, delivery: number): string {
  const signedAt = iso(new Date(plan.endedAt.getTime() + 4000 + delivery * 60_000)).replace(/[-:.]/g, '');
  const signature = new Random(hashOf(plan.vapiCallId) + delivery).hex(64);
  return `https://storage.vapi.ai/${plan.vapiCallId}-${plan.endedAt.getTime()}-recording.wav?X-Amz-Date=${signedAt}&X-Amz-Signature=${signature}`;
}

function transcriptOf(plan: CallPlan): string {
  return conversation(plan, new Random(hashOf(plan.vapiCallId)))
    .filter((t) => t.role === 'bot' || t.role === 'user')
    .map((t) => `${t.role === 'bot' ? 'AI' : 'User'}: ${t.text}`)
    .join('\n');
}

function hashOf(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

function costBreakdown(plan: CallPlan) {
  const total = dollars(plan.costUnits);
  const share = (f: number) => Math.round(plan.costUnits * f) / 10000;
  return {
    transport: share(0.1),
    stt: share(0.15),
    llm: share(0.35),
    tts: share(0.2),
    vapi: share(0.2),
    total,
    llmPromptTokens: plan.durationSeconds * 41,
    llmCompletionTokens: plan.durationSeconds * 3,
    ttsCharacters: plan.durationSeconds * 12,
  };
}

function callObject(plan: CallPlan, status: string) {
  return {
    id: plan.vapiCallId,
    orgId: plan.org,
    type: plan.callType,
    status,
    createdAt: iso(new Date(plan.startedAt.getTime() - 1500)),
    updatedAt: iso(plan.startedAt),
    assistantId: plan.assistantId,
    phoneNumberId: plan.callType === 'webCall' ? undefined : 'b7a1c2d3-0000-4000-a000-000000000001',
    customer: plan.customerNumber ? { number: plan.customerNumber } : undefined,
    assistantOverrides: { metadata: { clinicId: plan.org.slice(-4), campaign: plan.direction === 'outbound' ? 'recall' : 'inbound' } },
  };
}

const summaryOf = (plan: CallPlan) =>
  plan.booking
    ? `The caller asked for a ${plan.booking.serviceType} and booked it for ${iso(plan.booking.scheduledAt).slice(0, 10)}. They confirmed their phone number and were sent a confirmation.`
    : `The caller asked about the practice's services and availability. No appointment was booked; the call ended with ${plan.endedReason.replace(/-/g, ' ')}.`;

/** An end-of-call-report body; `delivery` > 0 makes a redelivery (new URL signature and timestamp). */
export function endOfCallReport(plan: CallPlan, delivery = 0): string {
  const messages = messagesFor(plan, new Random(hashOf(plan.vapiCallId)));
  const url = recordingUrl(plan, delivery);
  const transcript = transcriptOf(plan);
  const artifact: Record<string, unknown> = { transcript, recordingUrl: url };
  const breakdown = costBreakdown(plan);
  const message: Record<string, unknown> = {
    timestamp: plan.endedAt.getTime() + 4000 + delivery * 60_000,
    type: 'end-of-call-report',
    endedReason: plan.endedReason,
    cost: dollars(plan.costUnits),
    costs: [
      { type: 'transport', cost: breakdown.transport },
      { type: 'transcriber', cost: breakdown.stt },
      { type: 'model', promptTokens: breakdown.llmPromptTokens, completionTokens: breakdown.llmCompletionTokens, cost: breakdown.llm },
      { type: 'voice', characters: breakdown.ttsCharacters, cost: breakdown.tts },
      { type: 'vapi', cost: breakdown.vapi },
    ],
    costBreakdown: breakdown,
    startedAt: iso(plan.startedAt),
    endedAt: iso(plan.endedAt),
    durationSeconds: plan.durationSeconds,
    analysis: { summary: summaryOf(plan), successEvaluation: plan.booking ? 'true' : 'false' },
    artifact,
    customer: plan.customerNumber ? { number: plan.customerNumber, name: plan.customerName ?? undefined } : undefined,
    assistant: { id: plan.assistantId, name: 'Riley', metadata: { clinicId: plan.org.slice(-4) } },
    call: callObject(plan, 'in-progress'),
  };
  if (messages.key === 'messages') message.messages = messages.value;
  else if (messages.key === 'artifact.messages') artifact.messages = messages.value;
  else artifact.messagesOpenAIFormatted = messages.value;
  return JSON.stringify({ message });
}

export function statusUpdate(plan: CallPlan, status: 'ringing' | 'in-progress' | 'ended'): string {
  const message: Record<string, unknown> = {
    timestamp: (status === 'ended' ? plan.endedAt.getTime() + 9000 : plan.startedAt.getTime()),
    type: 'status-update',
    status,
    call: callObject(plan, status),
    customer: plan.customerNumber ? { number: plan.customerNumber } : undefined,
    assistant: { id: plan.assistantId, name: 'Riley' },
  };
  if (status === 'ended') message.endedReason = plan.endedReason;
  return JSON.stringify({ message });
}

export function extractedRow(plan: CallPlan, kind: DeliveryKind): ExtractedRow {
  const report = kind === 'end-of-call-report' || kind === 'redelivery';
  const base: ExtractedRow = {
    org_id: plan.org,
    vapi_call_id: plan.vapiCallId,
    direction: plan.direction,
    phone_number: plan.customerNumber,
    caller_name: null,
    status: kind === 'status-update' ? 'in-progress' : 'ended',
    started_at: null,
    ended_at: null,
    duration_seconds: null,
    cost_cents: null,
    cost_breakdown: null,
    ended_reason: kind === 'late-status-update' ? plan.endedReason : null,
    tools_used: [],
    recording_url: null,
    transcript: null,
    summary: null,
    metadata: {},
  };
  if (!report) return base;
  return {
    ...base,
    caller_name: plan.customerName,
    started_at: iso(plan.startedAt),
    ended_at: iso(plan.endedAt),
    duration_seconds: plan.durationSeconds,
    cost_cents: centsOf(plan.costUnits),
    cost_breakdown: costBreakdown(plan),
    ended_reason: plan.endedReason,
    tools_used: plan.tools,
    recording_url: recordingUrl(plan, kind === 'redelivery' ? 1 : 0),
    transcript: transcriptOf(plan),
    summary: summaryOf(plan),
    metadata: callObject(plan, 'ended').assistantOverrides.metadata,
  };
}

/**
 * The deliveries of each call, in the order Vapi sends them: a status-update when the call is
 * answered, the end-of-call-report, for 10% of calls a redelivered report, for 20% a late
 * `ended` status-update after the report (which must not overwrite it).
 */
export function deliveriesOf(plan: CallPlan): Delivery[] {
  const rng = new Random(hashOf(plan.vapiCallId) ^ 0x5bd1e995);
  const make = (kind: DeliveryKind, body: string): Delivery => ({ plan, kind, body, row: extractedRow(plan, kind) });
  const out = [make('status-update', statusUpdate(plan, 'in-progress')), make('end-of-call-report', endOfCallReport(plan))];
  if (rng.chance(0.1)) out.push(make('redelivery', endOfCallReport(plan, 1)));
  if (rng.chance(0.2)) out.push(make('late-status-update', statusUpdate(plan, 'ended')));
  return out;
}
