/**
 * Polls `done` every 100 ms until it holds, for hooks (expect.poll works only inside a test); throws naming what
 * never happened.
 */
export async function waitUntil(what: string, done: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
