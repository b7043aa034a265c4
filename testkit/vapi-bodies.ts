import type { Json, JsonObject } from './json-text.ts';
import type { Random } from './random.ts';

/**
 * Valid Vapi webhook bodies, written from the documented wire format (docs/vapi-wire-format.md): the shapes the
 * fuzzer mutates and the deliveries the order, race and crash harnesses replay.
 */
export interface CallFacts {
  vapiCallId: string;
  direction: 'inboundPhoneCall' | 'outboundPhoneCall' | 'webCall' | 'vapi.websocketCall';
  customerNumber: string;
  customerName: string;
  startedAt: string;
  endedAt: string;
  /** Dollars, as Vapi sends it. */
  cost: number;
  endedReason: string;
  /** Tool names in order of use. */
  tools: string[];
  messageFormat: 'vapi' | 'legacy' | 'openai';
  assistantId: string;
  /** Vapi's epoch-milliseconds timestamp of the first delivery; later deliveries add to it. */
  timestamp: number;
}

export const ENDED_REASONS = [
  'customer-ended-call',
  'assistant-ended-call',
  'assistant-forwarded-call',
  'silence-timed-out',
  'customer-did-not-answer',
  'customer-busy',
  'exceeded-max-duration',
  'pipeline-error-openai-llm-failed',
];

export const TOOL_NAMES = ['bookAppointment', 'checkAvailability', 'lookupCustomer', 'transferCall', 'endCall', 'cancelAppointment', 'sendSms'];

const DIRECTIONS: CallFacts['direction'][] = ['inboundPhoneCall', 'outboundPhoneCall', 'webCall', 'vapi.websocketCall'];

export function randomCall(r: Random, vapiCallId = `call-${r.uuid()}`): CallFacts {
  const started = Date.UTC(2025, r.int(12), 1 + r.int(28), r.int(24), r.int(60), r.int(60), r.int(1000));
  const seconds = r.between(5, 900);
  const tools = r.shuffle(TOOL_NAMES).slice(0, r.int(4));
  return {
    vapiCallId,
    direction: r.pick(DIRECTIONS),
    customerNumber: `+1555${String(r.int(10_000_000)).padStart(7, '0')}`,
    customerName: r.pick(['Ada Lovelace', 'Grace Hopper', 'José Núñez', '李雷', 'Zoë O’Brien', '']),
    startedAt: new Date(started).toISOString(),
    endedAt: new Date(started + seconds * 1000).toISOString(),
    cost: r.int(100_000) / 10_000,
    endedReason: r.pick(ENDED_REASONS),
    tools,
    messageFormat: r.pick(['vapi', 'legacy', 'openai'] as const),
    assistantId: r.uuid(),
    timestamp: started + seconds * 1000 + 2000,
  };
}

function callSnapshot(call: CallFacts, status: string): JsonObject {
  return {
    id: call.vapiCallId,
    orgId: 'vapi-org-reliability',
    type: call.direction,
    status,
    assistantId: call.assistantId,
    phoneNumberId: 'pn-reliability',
    createdAt: call.startedAt,
    customer: { number: call.customerNumber, name: call.customerName },
    assistantOverrides: { metadata: { source: 'reliability', callRef: call.vapiCallId } },
  };
}

export type MessageFormat = CallFacts['messageFormat'];

/** Vapi's built-in tools: their call often comes without a result. */
export const BUILT_IN_TOOLS = ['transferCall', 'endCall'];

export interface ToolUse {
  id: string;
  name: string;
  /** The arguments as the model wrote them: a JSON text. */
  arguments: string;
  result: string;
  /** The `time` of the call and of its result (the Vapi and legacy formats carry one). */
  time?: number;
  resultTime?: number;
  /** More fields of both messages (e.g. secondsFromStart). */
  extra?: JsonObject;
}

/**
 * One use of a tool in a message history, in each of the three formats Vapi writes
 * (docs/vapi-wire-format.md, "Tools used"): the call and its result, except that a built-in
 * tool's call in the Vapi format comes without one.
 */
export function toolUseMessages(format: MessageFormat, use: ToolUse): JsonObject[] {
  const at = (time: number | undefined): JsonObject => (time === undefined ? {} : { time });
  const call = { id: use.id, type: 'function', function: { name: use.name, arguments: use.arguments } };
  if (format === 'vapi') {
    const out: JsonObject[] = [{ role: 'tool_calls', toolCalls: [call], ...at(use.time), ...use.extra }];
    if (!BUILT_IN_TOOLS.includes(use.name)) out.push({ role: 'tool_call_result', name: use.name, toolCallId: use.id, result: use.result, ...at(use.resultTime), ...use.extra });
    return out;
  }
  if (format === 'legacy') {
    return [
      { role: 'function_call', name: use.name, functionCall: { name: use.name, arguments: use.arguments }, ...at(use.time), ...use.extra },
      { role: 'function_result', name: use.name, result: use.result, ...at(use.resultTime), ...use.extra },
    ];
  }
  return [{ role: 'assistant', tool_calls: [call] }, { role: 'tool', tool_call_id: use.id, content: use.result }];
}

/** The conversation, with the tool calls in the chosen message format. */
export function conversation(call: CallFacts): JsonObject[] {
  const messages: JsonObject[] = [{ role: 'system', message: 'You book appointments.', time: 0 }, { role: 'bot', message: 'Hello, how can I help?', time: 1 }];
  call.tools.forEach((name, i) => {
    messages.push(...toolUseMessages(call.messageFormat, { id: `tc_${i}_${name}`, name, arguments: '{}', result: 'ok', time: 10 + i, resultTime: 11 + i }));
  });
  messages.push({ role: 'user', message: 'Thanks, bye.', time: 99 });
  return messages;
}

export interface ReportOptions {
  /** Redeliveries differ: another presigned URL signature and a later timestamp. */
  delivery?: number;
}

export function endOfCallReport(call: CallFacts, options: ReportOptions = {}): JsonObject {
  const delivery = options.delivery ?? 0;
  const signature = `sig${delivery}x${(call.timestamp % 1_000_000).toString(16)}`;
  const recordingUrl = `https://storage.vapi.ai/${call.vapiCallId}-mono.wav?X-Amz-Date=2025010${delivery}T000000Z&X-Amz-Signature=${signature}`;
  const messages = conversation(call);
  const artifact: JsonObject = {
    transcript: `AI: Hello, how can I help?\nUser: Thanks, bye.`,
    recordingUrl,
    stereoRecordingUrl: recordingUrl.replace('mono', 'stereo'),
    messages: call.messageFormat === 'openai' ? [] : messages,
    messagesOpenAIFormatted: call.messageFormat === 'openai' ? messages : [],
  };
  if (call.messageFormat === 'openai') delete artifact.messages;
  const cost = call.cost;
  const part = (share: number) => Math.round(cost * share * 10_000) / 10_000;
  return {
    message: {
      type: 'end-of-call-report',
      timestamp: call.timestamp + delivery * 60_000,
      endedReason: call.endedReason,
      cost,
      costs: [
        { type: 'transport', cost: part(0.1), minutes: 1.5 },
        { type: 'model', cost: part(0.5), promptTokens: 1200, completionTokens: 90 },
        { type: 'voice', cost: part(0.2), characters: 400 },
      ],
      costBreakdown: { transport: part(0.1), stt: part(0.1), llm: part(0.5), tts: part(0.2), vapi: part(0.1), total: cost },
      startedAt: call.startedAt,
      endedAt: call.endedAt,
      durationSeconds: (Date.parse(call.endedAt) - Date.parse(call.startedAt)) / 1000,
      customer: { number: call.customerNumber, name: call.customerName },
      analysis: { summary: `The caller spoke about ${call.tools.join(', ') || 'nothing in particular'}.`, successEvaluation: 'true' },
      artifact,
      assistant: { id: call.assistantId, metadata: { team: 'front-desk' } },
      // The snapshot was taken during the call: still in progress, no cost.
      call: callSnapshot(call, 'in-progress'),
    },
  };
}

export function statusUpdate(call: CallFacts, status: string, offsetMs = 0): JsonObject {
  const message: JsonObject = {
    type: 'status-update',
    timestamp: Date.parse(call.startedAt) + offsetMs,
    status,
    call: callSnapshot(call, status),
    customer: { number: call.customerNumber },
  };
  if (status === 'ended') message.endedReason = call.endedReason;
  return { message };
}

export function toolCallsMessage(call: CallFacts, names = call.tools): JsonObject {
  const toolCallList: Json[] = names.map((name, i) => ({ id: `tc_${i}`, type: 'function', function: { name, arguments: { date: '2025-06-01' } } }));
  return { message: { type: 'tool-calls', timestamp: Date.parse(call.startedAt) + 5000, call: callSnapshot(call, 'in-progress'), toolCallList, toolWithToolCallList: [] } };
}

export const NOISE_TYPES = ['conversation-update', 'transcript', 'speech-update', 'hang', 'model-output', 'user-interrupted', 'voice-input'];

export function noiseMessage(call: CallFacts, type: string): JsonObject {
  const message: JsonObject = { type, timestamp: Date.parse(call.startedAt) + 3000, call: callSnapshot(call, 'in-progress') };
  if (type === 'transcript') Object.assign(message, { role: 'user', transcriptType: 'final', transcript: 'I would like an appointment.' });
  if (type === 'conversation-update') message.messages = conversation(call);
  if (type === 'speech-update') Object.assign(message, { status: 'started', role: 'assistant' });
  return { message };
}
