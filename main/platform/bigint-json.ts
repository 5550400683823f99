import { randomBytes } from 'node:crypto';

// Square's wire JSON carries money as JSON integers, which the SDK parses into bigint; writing such objects back must
// keep them exact integers (JSON.stringify refuses bigint, and a Number would round past 2^53).

// A random marker made once per process: no string from Square can be expected to contain 128 random bits we never
// send anywhere, and making it (and its pattern) per call cost more than the serialisation itself.
const MARKER = `bigint-${randomBytes(16).toString('hex')}:`;
const MARKED = new RegExp(`"${MARKER}(-?\\d+)"`, 'g');
const markBigint = (_key: string, v: unknown): unknown => (typeof v === 'bigint' ? `${MARKER}${v.toString()}` : v);

/**
 * JSON.stringify that writes bigints as exact JSON integers (the SDK keeps money amounts as bigint). Most of what we
 * write is JSON as received (no bigints), which the native stringify handles without a replacer; it throws at the
 * first bigint, and only then is the slower marking pass needed.
 */
export function stringifyBigintJson(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch (err) {
    if (!(err instanceof TypeError)) throw err;
  }
  const text = JSON.stringify(value, markBigint);
  return text.includes(MARKER) ? text.replace(MARKED, '$1') : text;
}
