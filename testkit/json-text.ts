/**
 * JSON values whose text we control exactly: a RawJson token is written verbatim, so a body can
 * carry numbers JavaScript cannot hold (2^63, 1e400, 40 significant digits) or `-0`.
 */
export class RawJson {
  constructor(readonly text: string) {}
}

export type Json = null | boolean | number | string | RawJson | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export const raw = (text: string) => new RawJson(text);

export function isObject(value: Json | undefined): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof RawJson);
}

/** The JSON text of a value (strings through JSON.stringify: NUL and lone surrogates become \u escapes). */
export function jsonText(value: Json): string {
  if (value instanceof RawJson) return value.text;
  if (Array.isArray(value)) return `[${value.map(jsonText).join(',')}]`;
  if (isObject(value)) return `{${Object.keys(value).map((key) => `${JSON.stringify(key)}:${jsonText(value[key])}`).join(',')}}`;
  return JSON.stringify(value);
}

/** Sets an own property, even `__proto__`. */
export function setKey(target: JsonObject, key: string, value: Json): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

export function clone(value: Json): Json {
  if (Array.isArray(value)) return value.map(clone);
  if (isObject(value)) {
    const copy: JsonObject = {};
    for (const key of Object.keys(value)) setKey(copy, key, clone(value[key]));
    return copy;
  }
  return value;
}

/**
 * The text after the repairs the text form may make before it stores a body as jsonb: every
 * `\u0000` escape dropped, every lone surrogate escape replaced by `\ufffd`. The text is read
 * as escapes (`\uXXXX`, or a backslash and the next character, so `\\u0000` is an escaped
 * backslash and text) and runs of other characters; nothing else changes.
 */
export function repairedJsonText(text: string): string {
  const tokens = text.match(/\\u[0-9a-fA-F]{4}|\\[\s\S]|\\$|[^\\]+/g) ?? [];
  const high = (t: string | undefined) => t !== undefined && /^\\u[dD][89abAB]/.test(t);
  const low = (t: string | undefined) => t !== undefined && /^\\u[dD][c-fC-F]/.test(t);
  return tokens
    .map((token, i) => {
      if (/^\\u0000$/.test(token)) return '';
      if (high(token) && !low(tokens[i + 1])) return '\\ufffd';
      if (low(token) && !high(tokens[i - 1])) return '\\ufffd';
      return token;
    })
    .join('');
}
