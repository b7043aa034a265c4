/**
 * Parsers of the CLI's flag values, one per kind of value, so every command says the same
 * one-line error for the same mistake (commander prints it on stderr and exits 1).
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (value: string): boolean => UUID.test(value);

/** `value` unchanged when it is a uuid; else "<flag> must be a uuid, got "..."". */
export function uuid(value: string, flag: string): string {
  if (!isUuid(value)) throw new Error(`${flag} must be a uuid, got "${value}"`);
  return value;
}

/** A commander parser of a whole number (negative allowed). */
export function integer(flag: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isInteger(n)) throw new Error(`${flag} must be a whole number, got "${value}"`);
    return n;
  };
}

/** A commander parser of a whole number of at least 1. */
export function positiveInteger(flag: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} must be a positive integer, got "${value}"`);
    return n;
  };
}

/** A commander parser of a date or timestamp, handed on as written (the database reads it). */
export function timestamp(flag: string): (value: string) => string {
  return (value) => {
    if (Number.isNaN(Date.parse(value))) throw new Error(`${flag} must be a date or timestamp, got "${value}"`);
    return value;
  };
}
