/** An error as plain data: what crosses to and from the writer thread (a structured clone keeps no Error's name). */
export interface ErrorData {
  name: string;
  message: string;
}

export function errorAsData(err: unknown): ErrorData {
  return { name: err instanceof Error ? err.name : 'Error', message: err instanceof Error ? err.message : String(err) };
}

/** The Error again on the calling side, with its name, for the worker's failure handling and log. */
export function errorFromData(data: ErrorData): Error {
  return Object.assign(new Error(data.message), { name: data.name });
}
