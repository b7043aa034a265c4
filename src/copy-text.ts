/**
 * One field of COPY's text format: `\N` for NULL, else the text with backslash, tab, newline
 * and carriage return escaped (the characters COPY FROM reads as syntax).
 */
export function copyField(value: string | null): string {
  if (value === null) return '\\N';
  return value.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}
