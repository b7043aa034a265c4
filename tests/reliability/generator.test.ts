import { describe, expect, it } from 'vitest';
import { repairedJsonText } from '../../testkit/json-text.ts';
import { DOCUMENTED_PATHS, fuzzCase, fuzzCases } from './mutations.ts';

/**
 * The fuzzer itself: reproducible from its seed, and its cases really cover what the
 * reliability suite claims (every documented path, every kind of awkward value and body).
 */
describe('fuzz case generator', () => {
  const seed = 20250101;
  const cases = [...fuzzCases(seed, 3000)];
  const labels = cases.flatMap((c) => c.labels);
  const has = (pattern: RegExp) => labels.some((label) => pattern.test(label));

  it('rebuilds any case from the seed and its number alone', () => {
    for (const n of [0, 1, 17, 999, 2999]) expect(fuzzCase(seed, n)).toEqual(cases[n]);
    expect(fuzzCase(seed + 1, 5).text).not.toEqual(cases[5].text);
  });

  it('sets a wrong value at, and deletes, every documented path', () => {
    const pattern = (path: string) => new RegExp(`^(set|delete) ${path.replaceAll('.', '\\.').replaceAll('#', '\\d+')}( |$)`);
    const unset = DOCUMENTED_PATHS.filter((path) => !has(pattern(path)));
    expect(unset).toEqual([]);
  });

  it('covers the awkward numbers, strings, arrays and bodies', () => {
    const wanted = [
      /= 1e308/, /= -0\.01/, /= 9223372036854775808/, /= "0\.42"/, /= "abc"/, /= null/, /= array\(0\)/, /= array\(5000\)/,
      /junk tool calls/, /\\u0000/, /\\ud800/, /truncated at/, /bare message/, /^body = /,
      /^extra key/, /^delete /, /cents overflow/, /nested \d+ deep/, /lone surrogate escape/, /duplicate key/, /unchanged/,
    ];
    expect(wanted.filter((pattern) => !has(pattern))).toEqual([]);
    expect(cases.some((c) => /(x|ab|☎|𝄞){10000}/u.test(c.text))).toBe(true);
    expect(cases.some((c) => c.text.includes('\u202e'))).toBe(true);
    expect(cases.filter((c) => !c.withOrg).length).toBeGreaterThan(50);
    expect(cases.filter((c) => c.costOverflow).length).toBeGreaterThan(50);
  });

  it('makes bodies that are not valid JSON, or not valid jsonb', () => {
    const notJson = cases.filter((c) => {
      try {
        JSON.parse(c.text);
        return false;
      } catch {
        return true;
      }
    });
    expect(notJson.length).toBeGreaterThan(100);
    expect(cases.filter((c) => c.text.includes('\\u0000')).length).toBeGreaterThan(20);
    // A raw NUL cannot be sent as text at all (PostgreSQL refuses it in any text value): NUL is an escape.
    expect(cases.filter((c) => c.text.includes('\0'))).toEqual([]);
  });

  it('repairs only NUL and lone surrogate escapes', () => {
    expect(repairedJsonText('{"a\\u0000":"x\\u0000y","b":"\\ud800","c":"\\ud83d\\ude00","d":"\\\\u0000","e":"\\udc00\\ud800"}')).toBe('{"a":"xy","b":"\\ufffd","c":"\\ud83d\\ude00","d":"\\\\u0000","e":"\\ufffd\\ufffd"}');
    expect(repairedJsonText('true\\u0000')).toBe('true');
  });
});
