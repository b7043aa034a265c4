import { clone, isObject, jsonText, raw, setKey, type Json, type JsonObject } from '../../testkit/json-text.ts';
import { caseSeed, Random } from '../../testkit/random.ts';
import { endOfCallReport, noiseMessage, NOISE_TYPES, randomCall, statusUpdate, TOOL_NAMES, toolCallsMessage } from '../../testkit/vapi-bodies.ts';

/**
 * The fuzzer: mutations of valid Vapi bodies, seeded and reproducible. Case `n` of seed `s` is
 * rebuilt from (s, n) alone, so a failure names the one case to replay.
 */
export interface FuzzCase {
  seed: number;
  n: number;
  /** What was done to the body, for the failure report. */
  labels: string[];
  /** The body exactly as handed in (the text form gets this; the jsonb form its cast when it is valid jsonb). */
  text: string;
  /** The Vapi call id of the base body (the mutations may have removed or changed it). */
  vapiCallId: string;
  /** false: ingest without an org argument (nothing maps it, so it must be quarantined, not lost). */
  withOrg: boolean;
  /** The cost alone was set to dollars whose cents do not fit an integer column. */
  costOverflow: boolean;
  /** One line of text: it can be a line of an NDJSON file. */
  oneLine: boolean;
}

/** Every documented path of docs/vapi-wire-format.md, relative to the message; `#` is an index into an existing array. */
export const DOCUMENTED_PATHS = [
  'type', 'timestamp', 'status', 'endedReason', 'cost', 'costs', 'costs.#', 'costs.#.cost', 'costs.#.type',
  'costBreakdown', 'costBreakdown.total', 'costBreakdown.transport', 'costBreakdown.stt', 'costBreakdown.llm',
  'costBreakdown.tts', 'costBreakdown.vapi', 'startedAt', 'endedAt', 'durationSeconds',
  'customer', 'customer.number', 'customer.name', 'analysis', 'analysis.summary', 'summary',
  'artifact', 'artifact.transcript', 'transcript', 'artifact.recordingUrl', 'artifact.recording', 'artifact.stereoRecordingUrl',
  'recordingUrl', 'artifact.messages', 'messages', 'artifact.messagesOpenAIFormatted', 'messagesOpenAIFormatted',
  'artifact.messages.#', 'artifact.messages.#.role', 'artifact.messages.#.name', 'artifact.messages.#.toolCallId',
  'artifact.messages.#.toolCalls', 'artifact.messages.#.toolCalls.#', 'artifact.messages.#.toolCalls.#.function',
  'artifact.messages.#.toolCalls.#.function.name', 'artifact.messages.#.functionCall', 'artifact.messages.#.functionCall.name',
  'artifact.messages.#.function_call.name', 'artifact.messagesOpenAIFormatted.#.tool_calls',
  'artifact.messagesOpenAIFormatted.#.tool_calls.#.function.name', 'artifact.messagesOpenAIFormatted.#.role',
  'call', 'call.id', 'call.type', 'call.status', 'call.endedReason', 'call.cost', 'call.customer', 'call.customer.number',
  'call.customer.name', 'call.assistantOverrides', 'call.assistantOverrides.metadata', 'call.metadata', 'call.assistantId',
  'call.phoneNumberId', 'call.orgId', 'assistant', 'assistant.metadata', 'toolCallList', 'toolCallList.#.function.name',
  'toolCalls',
];

/** Dollar amounts whose cents do not fit `integer` (the column of cost_cents). */
export const OVERFLOWING_COSTS: Json[] = [
  raw('1e308'), raw('9223372036854775808'), raw('-9223372036854775809'), raw('21474836.48'), raw('-21474836.49'),
  raw('1e10'), raw('123456789012345678901234567890.5'), '1e308', '21474836.48', 1e300,
];

/** Text that does not compress: what makes an index row or a TOAST-less value too large. */
const NOISE = (r: Random, length: number) => Array.from({ length }, () => String.fromCodePoint(r.pick([0x21 + r.int(94), 0xa1 + r.int(0x500), 0x4e00 + r.int(0x5000)]))).join('');

const LONG = (r: Random) => r.pick(['x', 'ab', '☎', '𝄞', '\u202e']).repeat(r.chance(0.1) ? 100_000 : r.pick([300, 1_000, 10_000]));

function junk(r: Random, depth = 0): Json {
  const pick = r.int(depth > 3 ? 6 : 9);
  switch (pick) {
    case 0: return null;
    case 1: return r.chance(0.5);
    case 2: return r.pick([0, -1, 3.14, 1e21, raw('-0'), raw('1e308')]);
    case 3: return r.pick(['', 'junk', '\u0000', '\ud800', '\u202e', "'; DROP TABLE calls; --"]);
    case 4: return [];
    case 5: return {};
    case 6: return Array.from({ length: r.int(4) }, () => junk(r, depth + 1));
    default: {
      const o: JsonObject = {};
      for (let i = r.int(4); i > 0; i--) setKey(o, r.pick(['function', 'name', 'role', 'id', 'toolCalls', 'type', '__proto__', '']), junk(r, depth + 1));
      return o;
    }
  }
}

/** A value of the wrong type, or an awkward value of the right one. */
export function wrongValue(r: Random): Json {
  const values: (() => Json)[] = [
    () => null, () => true, () => false, () => 0, () => raw('-0'), () => -0.01, () => 42, () => 4.2, () => 1e21,
    () => raw('1e308'), () => raw('-1e308'), () => raw('9223372036854775808'), () => raw('-9223372036854775809'),
    () => raw('21474836.48'), () => raw('1e-400'), () => raw('0.000000000000000000000001'),
    () => raw('123456789012345678901234567890.123456789012345678901234567890'),
    () => '0.42', () => '1e3', () => ' 7.5 ', () => '-0.01', () => '1e308', () => '9223372036854775808', () => 'NaN',
    () => 'Infinity', () => '-Infinity', () => '', () => ' ', () => 'abc', () => '0x1F', () => '1,50', () => '$1.00', () => '١٢٣',
    () => '2025-13-45T99:99:99Z', () => 'not a date', () => '+1 (555) 010-9999', () => 'inboundPhoneCall ',
    () => LONG(r), () => NOISE(r, r.pick([300, 3000, 10_000])), () => 'a\u0000b', () => '\u0000', () => '\ud800', () => 'x\udc00y', () => '\u202eevil\u202c', () => '\u200b',
    () => "'); DROP TABLE calls; --", () => '$$; SELECT 1; $$', () => '%s%n%x', () => '\\', () => '\n\t\r', () => '🙂👍🏽',
    () => ({}), () => [], () => [null], () => [[[]]], () => junk(r),
  ];
  return r.pick(values)();
}

/** A messages array (5,000 elements in the big case), of tool calls (in any of the three formats) or of junk. */
function messagesOf(r: Random, length: number): Json[] {
  const kind = r.int(4);
  return Array.from({ length }, (): Json => {
    const name = r.chance(0.05) ? wrongValue(r) : r.pick(TOOL_NAMES) + (r.chance(0.3) ? String(r.int(200)) : '');
    if (kind === 0) return { role: 'tool_calls', toolCalls: [{ id: r.hex(6), function: { name } }] };
    if (kind === 1) return { role: 'function_call', name };
    if (kind === 2) return { role: 'assistant', tool_calls: [{ function: { name } }, { function: { name: r.pick(TOOL_NAMES) } }] };
    return junk(r, 2);
  });
}

/** Tool calls full of junk: not objects, no function, names of every wrong type, NUL, blanks, 10,000 characters. */
function junkToolCalls(r: Random): Json[] {
  const items: (() => Json)[] = [
    () => null, () => 1, () => 'transferCall', () => [], () => ({}), () => ({ function: null }), () => ({ function: 'bookAppointment' }),
    () => ({ function: { name: 123 } }), () => ({ function: { name: ['a'] } }), () => ({ function: { name: { name: 'x' } } }),
    () => ({ function: { name: '\u0000' } }), () => ({ function: { name: 'book\u0000Appointment' } }), () => ({ function: { name: '   ' } }),
    () => ({ function: { name: '  endCall  ' } }), () => ({ function: { name: 'x'.repeat(10_000) } }), () => ({ function: { name: '\ud800' } }),
    () => ({ function: { name: "'; DROP TABLE calls; --" } }), () => ({ function: { name: r.pick(TOOL_NAMES) } }), () => junk(r),
  ];
  return Array.from({ length: r.between(1, 12) }, () => r.pick(items)());
}

function segments(path: string): string[] {
  return path.split('.');
}

/** Resolves `#` to an index of the array met at that point (or 0). */
function concrete(r: Random, root: Json, path: string): (string | number)[] {
  const out: (string | number)[] = [];
  let node: Json | undefined = root;
  for (const part of segments(path)) {
    if (part === '#') {
      const index: number = Array.isArray(node) && node.length ? r.int(node.length) : 0;
      out.push(index);
      node = Array.isArray(node) ? node[index] : undefined;
    } else {
      out.push(part);
      node = isObject(node) ? node[part] : undefined;
    }
  }
  return out;
}

/** Sets the value at a path, creating what is missing (an object, or an array for an index). */
function setPath(root: JsonObject, path: (string | number)[], value: Json): void {
  let node: Json = root;
  for (let i = 0; i < path.length; i++) {
    const key = path[i];
    const last = i === path.length - 1;
    const container = node as JsonObject & Json[];
    if (last) {
      if (Array.isArray(node)) (node as Json[])[key as number] = value;
      else setKey(container, String(key), value);
      return;
    }
    let next: Json | undefined = Array.isArray(node) ? (node as Json[])[key as number] : (node as JsonObject)[String(key)];
    if (next === null || typeof next !== 'object' || (Array.isArray(next) !== (typeof path[i + 1] === 'number'))) {
      next = typeof path[i + 1] === 'number' ? [] : {};
      if (Array.isArray(node)) (node as Json[])[key as number] = next;
      else setKey(container, String(key), next);
    }
    node = next;
  }
}

function deletePath(root: JsonObject, path: (string | number)[]): boolean {
  let node: Json | undefined = root;
  for (const key of path.slice(0, -1)) node = Array.isArray(node) ? node[key as number] : isObject(node) ? node[String(key)] : undefined;
  const last = path[path.length - 1];
  if (Array.isArray(node) && typeof last === 'number' && last < node.length) {
    node.splice(last, 1);
    return true;
  }
  if (isObject(node) && Object.hasOwn(node, String(last))) {
    delete node[String(last)];
    return true;
  }
  return false;
}

function objects(root: Json, out: JsonObject[] = []): JsonObject[] {
  if (Array.isArray(root)) root.forEach((v) => objects(v, out));
  else if (isObject(root)) {
    out.push(root);
    Object.values(root).forEach((v) => objects(v, out));
  }
  return out;
}

const EXTRA_KEYS = ['', '__proto__', 'constructor', 'prototype', 'message', 'type', 'call', 'a\u0000b', '\ud800', 'k'.repeat(5000), 'ключ', '\u202eyek', 'id'];

type ValueMutation = (r: Random, message: JsonObject, labels: string[]) => void;

const VALUE_MUTATIONS: ValueMutation[] = [
  // wrong type (or an awkward value) at a documented path
  (r, m, labels) => {
    const path = concrete(r, m, r.pick(DOCUMENTED_PATHS));
    const value = wrongValue(r);
    labels.push(`set ${path.join('.')} = ${preview(value)}`);
    setPath(m, path, value);
  },
  (r, m, labels) => {
    const path = concrete(r, m, r.pick(DOCUMENTED_PATHS));
    if (deletePath(m, path)) labels.push(`delete ${path.join('.')}`);
  },
  (r, m, labels) => {
    const targets = objects(m);
    const target = r.pick(targets);
    const key = r.pick(EXTRA_KEYS);
    labels.push(`extra key ${preview(key)}`);
    setKey(target, key, wrongValue(r));
  },
  (r, m, labels) => {
    const path = r.pick(['artifact.messages', 'messages', 'artifact.messagesOpenAIFormatted', 'messagesOpenAIFormatted']);
    const value = r.chance(0.05) ? messagesOf(r, 5000) : r.pick([() => [], () => wrongValue(r), () => messagesOf(r, r.between(1, 40))])();
    labels.push(`set ${path} = ${Array.isArray(value) ? `array(${value.length})` : preview(value)}`);
    setPath(m, segments(path), value);
  },
  (r, m, labels) => {
    const messages = isObject(m.artifact) && Array.isArray(m.artifact.messages) ? m.artifact.messages : undefined;
    const junkCalls = junkToolCalls(r);
    labels.push(`junk tool calls (${junkCalls.length})`);
    const entry = r.pick<JsonObject>([{ role: 'tool_calls', toolCalls: junkCalls }, { role: 'assistant', tool_calls: junkCalls }, { role: 'function_call', name: junkCalls[0], functionCall: junkCalls[0] }]);
    if (messages) messages.splice(r.int(messages.length + 1), 0, entry);
    else setPath(m, ['artifact', 'messages'], [entry]);
    if (m.type === 'tool-calls') m.toolCallList = junkCalls;
  },
];

/** Envelope and body-shape mutations: bare message, wrong `message`, non-object bodies. */
function envelope(r: Random, body: JsonObject, labels: string[]): Json {
  const message = body.message;
  const choice = r.int(8);
  if (choice === 0) return labels.push('bare message'), message;
  if (choice === 1) return labels.push('message wrapped twice'), { message: body };
  if (choice === 2) {
    const value = wrongValue(r);
    labels.push(`message = ${preview(value)}`);
    return { message: value };
  }
  if (choice === 3) return labels.push('body is an array'), [body];
  if (choice === 4) return labels.push('empty object'), {};
  const scalar = r.pick<Json>([null, 42, 'end-of-call-report', true, [], raw('1e308'), '']);
  labels.push(`body = ${preview(scalar)}`);
  return scalar;
}

/** Text mutations: what a broken sender or a broken file gives. */
function textMutation(r: Random, text: string, labels: string[]): string {
  const insertInString = (insert: string) => {
    const at = text.indexOf('":"', r.int(Math.max(1, text.length - 3)));
    const i = at < 0 ? text.indexOf('":"') : at;
    return i < 0 ? text + insert : text.slice(0, i + 3) + insert + text.slice(i + 3);
  };
  const choice = r.int(14);
  switch (choice) {
    case 0: {
      const cut = r.int(Math.max(1, text.length - 1));
      labels.push(`truncated at ${cut}/${text.length}`);
      return text.slice(0, cut);
    }
    case 1: return labels.push('trailing garbage'), text + r.pick(['}', ' xyz', ',', '\\u0000', '\n{}']);
    case 2: return labels.push('byte order mark'), '\ufeff' + text;
    case 3: return labels.push('two bodies concatenated'), text + text;
    case 4: return labels.push('empty or blank'), r.pick(['', ' ', '\t', 'null', 'undefined']);
    case 5: return labels.push('duplicate key'), text.replace('{', `{"message":${r.pick(['null', '{"type":"status-update"}', '1'])},`);
    case 6: return labels.push('\\u0000 escape in a string'), insertInString('\\u0000');
    case 7: return labels.push('lone surrogate escape in a string'), insertInString(r.pick(['\\ud800', '\\udfff', '\\ud83d x']));
    case 8: return labels.push('invalid escape'), insertInString('\\x41');
    case 9: {
      const depth = r.pick([100, 10_000, 100_000]);
      labels.push(`nested ${depth} deep`);
      return '['.repeat(depth) + (r.chance(0.5) ? ']'.repeat(depth) : '');
    }
    case 10: return labels.push('raw control character in a string'), insertInString(r.pick(['\n', '\t', '\r', '\u0001']));
    case 11: return labels.push('single quotes'), text.replaceAll('"', "'");
    case 12: return labels.push('NaN literal'), text.replace(/:\d+(\.\d+)?/, ':NaN');
    default: return labels.push('whitespace and newlines'), text.replaceAll(',', ',\n  ');
  }
}

function preview(value: Json): string {
  const text = jsonText(value);
  return text.length > 40 ? `${text.slice(0, 37)}...(${text.length})` : text;
}

function baseBody(r: Random, vapiCallId: string, labels: string[]): JsonObject {
  const call = randomCall(r, vapiCallId);
  const kind = r.int(10);
  if (kind < 5) return labels.push(`end-of-call-report (${call.messageFormat})`), endOfCallReport(call, { delivery: r.int(2) });
  if (kind < 8) {
    const status = r.pick(['scheduled', 'queued', 'ringing', 'in-progress', 'forwarding', 'ended']);
    labels.push(`status-update ${status}`);
    return statusUpdate(call, status);
  }
  if (kind === 8) return labels.push('tool-calls'), toolCallsMessage(call);
  const type = r.pick(NOISE_TYPES);
  labels.push(type);
  return noiseMessage(call, type);
}

/** Builds case `n` of the run with `seed`. */
export function fuzzCase(seed: number, n: number): FuzzCase {
  const r = new Random(caseSeed(seed, n));
  const labels: string[] = [];
  const vapiCallId = `fuzz-${seed.toString(16)}-${n}`;
  const body = baseBody(r, vapiCallId, labels);
  const message = body.message as JsonObject;
  let costOverflow = false;
  let value: Json = body;
  const plan = r.next();
  if (plan < 0.08) {
    labels.push('unchanged');
  } else if (plan < 0.14 && message.type === 'end-of-call-report') {
    // Alone, so nothing else decides the cost: only m.cost, and it cannot fit.
    const cost = r.pick(OVERFLOWING_COSTS);
    labels.push(`cost = ${preview(cost)} (cents overflow)`);
    message.cost = cost;
    delete (message.costBreakdown as JsonObject).total;
    delete (message.call as JsonObject).cost;
    costOverflow = true;
  } else {
    for (let i = r.between(1, 3); i > 0; i--) r.pick(VALUE_MUTATIONS)(r, message, labels);
    if (r.chance(0.12)) value = envelope(r, clone(body) as JsonObject, labels);
  }
  let text = jsonText(value);
  if (!costOverflow && r.chance(0.15)) text = textMutation(r, text, labels);
  return { seed, n, labels, text, vapiCallId, withOrg: !r.chance(0.05), costOverflow, oneLine: !/[\r\n]/.test(text) };
}

/** `count` cases of a run, lazily (a case can be large). */
export function* fuzzCases(seed: number, count: number, first = 0): Generator<FuzzCase> {
  for (let n = first; n < first + count; n++) yield fuzzCase(seed, n);
}

/**
 * Bodies a fuzz run once found a defect with, rebuilt exactly and run with every seed (numbered
 * -1, -2, ...), so the defect stays covered whatever the seed.
 */
export function pinnedCases(): FuzzCase[] {
  const r = new Random(8);
  const report = (vapiCallId: string) => {
    const call = randomCall(r, vapiCallId);
    call.messageFormat = 'vapi';
    return endOfCallReport(call);
  };
  const pinned: { label: string; body: Json }[] = [];

  // 400 distinct tool names: tools_used is an included column of idx_calls_org_created_at.
  const manyTools = report('pinned-400-distinct-tools');
  (manyTools.message as JsonObject).artifact = {
    messages: Array.from({ length: 400 }, (_, i) => ({ role: 'tool_calls', toolCalls: [{ id: `tc${i}`, function: { name: `tool_${(i * 2654435761 >>> 0).toString(16)}_${i}` } }] })),
  };
  pinned.push({ label: '400 distinct tool names', body: manyTools });

  return pinned.map(({ label, body }, i) => {
    const text = jsonText(body);
    const id = ((body as JsonObject).message as { call: { id: string } }).call.id;
    return { seed: 0, n: -(i + 1), labels: [`pinned: ${label}`], text, vapiCallId: id, withOrg: true, costOverflow: false, oneLine: true };
  });
}
