import type { ZodError } from 'zod';
import { ApiError, type ApiErrorCode } from '../../shared/contract';

/** Turns zod's issues into one sentence that names the offending field(s). */
export function fromZodError(channel: string, err: ZodError): ApiError {
  const first = err.issues[0];
  const fieldOf = (path: readonly PropertyKey[], keys?: readonly string[]) =>
    [...path.map(String), ...(keys ?? [])].join('.') || '(input)';
  const field = first ? fieldOf(first.path, 'keys' in first ? (first.keys as string[]) : undefined) : '(input)';
  const details = err.issues
    .map((i) => `${fieldOf(i.path, 'keys' in i ? (i.keys as string[]) : undefined)}: ${i.message}`)
    .join('; ');
  return new ApiError('invalid_input', `Invalid input for ${channel}: ${details}`, field);
}

/** HTTP status for each error code, used by the headless host. */
export const HTTP_STATUS: Record<ApiErrorCode, number> = {
  invalid_input: 400,
  unauthorized: 401,
  not_found: 404,
  conflict: 409,
  unavailable: 503,
  internal: 500,
};
