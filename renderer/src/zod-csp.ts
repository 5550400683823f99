import { z } from 'zod';

// The renderer runs under a strict CSP without 'unsafe-eval'. Zod's JIT probes `new Function("")` as soon as an object
// schema is built (shared/contract.ts builds several at import), and Chromium reports that probe as a CSP violation
// even though zod catches the error. Jitless mode skips the probe. This module must be evaluated before anything
// from shared/ that builds a schema, so main.tsx and api.ts import it first.
z.config({ jitless: true });
