import type { Summary } from './stats';

// Messages between bench/webhooks.ts and the load generator child process (bench/lib/load-generator.ts).

export interface StepSpec {
  /** Always 127.0.0.1: the generator refuses anything else. */
  host: '127.0.0.1';
  port: number;
  path: string;
  /** Offered rate, requests per second; requests are scheduled at exactly 1/rate apart whatever the responses. */
  rate: number;
  warmupMs: number;
  durationMs: number;
  notificationUrl: string;
  signatureKey: string;
  /** A request with no complete answer this long after it was sent is aborted and counted as a timeout. */
  timeoutMs: number;
  /** After the last scheduled send, how long to wait for outstanding answers before counting them as timeouts. */
  drainMs: number;
  maxSockets: number;
  /**
   * Optional: send these pre-built bodies instead of generated payment events — a file of lines
   * `<signature>\t<compact JSON body>`, at least rate × (warm-up + duration) of them, sent in file order.
   */
  bodiesFile?: string;
  /** Optional: return each request's send time (see StepOutcome.sendEpochMs). */
  recordSendTimes?: boolean;
}

export interface Counts {
  sent: number;
  ok: number;
  non200: number;
  timeouts: number;
  connErrors: number;
}

export interface StepOutcome {
  rate: number;
  /** Every request of the step, warm-up included: what the zero-loss check compares with the server's count. */
  all: Counts;
  /** The measured window only (after the warm-up). */
  measured: Counts;
  /** Request written (http.request called) → complete 200 answer, measured window, ms. */
  latency: Summary;
  /** Scheduled send time → complete 200 answer: the coordinated-omission-corrected figure, ms. */
  latencyFromSchedule: Summary;
  /** How late the generator sent each request against its schedule, ms (large values = generator-limited). */
  scheduleLag: Summary;
  /** 200s in the measured window / (first scheduled send → last answer of the window), req/s. */
  achievedRate: number;
  /** Generator CPU (user+system) over the run, in % of one core. */
  generatorCpuPct: number;
  generatorCpuMs: number;
  /** Sockets the agent opened during the step. */
  socketsOpened: number;
  runMs: number;
  bodyBytes: number;
  statusCodes: Record<string, number>;
  /**
   * Only with StepSpec.recordSendTimes: when each request was sent, in body order, as performance.timeOrigin +
   * performance.now() (ms since the epoch, sub-ms resolution) so another process on this machine can compare it
   * with its own clock read the same way.
   */
  sendEpochMs?: number[];
}

export type ToGenerator =
  | { kind: 'prepare'; id: number; spec: StepSpec }
  | { kind: 'run'; id: number }
  | { kind: 'exit' };

export type FromGenerator =
  | { kind: 'ready'; id: number; prepareMs: number }
  | { kind: 'result'; id: number; outcome: StepOutcome }
  | { kind: 'error'; id: number; message: string };
