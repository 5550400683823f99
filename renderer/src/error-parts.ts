import type { FieldError } from '../../shared/contract';

// The parts of a failed call beyond its sentence. Duck-typed: an error that crossed contextBridge loses its class.

const recordOf = (err: unknown): Record<string, unknown> | undefined =>
  typeof err === 'object' && err !== null ? (err as Record<string, unknown>) : undefined;

/** The technical detail (channel, input path, Square's code) for the "Details" disclosure; never shown up front. */
export function errorDetail(err: unknown): string | undefined {
  const detail = recordOf(err)?.detail;
  return typeof detail === 'string' && detail ? detail : undefined;
}

/** Every field the call refused, each with its own sentence (falls back to the one `field` with the message). */
export function errorFieldErrors(err: unknown): FieldError[] {
  const rec = recordOf(err);
  if (!rec) return [];
  if (Array.isArray(rec.fieldErrors)) {
    return rec.fieldErrors.filter(
      (f): f is FieldError => typeof f === 'object' && f !== null && typeof f.field === 'string' && typeof f.message === 'string',
    );
  }
  return typeof rec.field === 'string' && typeof rec.message === 'string' ? [{ field: rec.field, message: rec.message }] : [];
}
