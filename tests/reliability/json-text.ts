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
 * `\u0000` escape dropped, every lone surrogate escape replaced by U+FFFD. Only escapes inside
 * strings are touched (an escaped backslash followed by "u0000" is text, not an escape).
 */
export function repairedJsonText(text: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (!inString) {
      if (c === '"') inString = true;
      out += c;
      continue;
    }
    if (c === '"') {
      inString = false;
      out += c;
    } else if (c === '\\' && text[i + 1] === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
      const unit = parseInt(text.slice(i + 2, i + 6), 16);
      const next = /^\\u[dD][c-fC-F][0-9a-fA-F]{2}$/.test(text.slice(i + 6, i + 12));
      if (unit === 0) out += '';
      else if (unit >= 0xd800 && unit <= 0xdbff && next) {
        out += text.slice(i, i + 12);
        i += 6;
      } else if (unit >= 0xd800 && unit <= 0xdfff) out += '\\ufffd';
      else out += text.slice(i, i + 6);
      i += 5;
    } else if (c === '\\') {
      out += text.slice(i, i + 2);
      i += 1;
    } else out += c;
  }
  return out;
}
