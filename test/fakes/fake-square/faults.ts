import type { FaultSpec } from './types';

// A queue of injected failures: the first fault whose route and method match a request is applied to it and
// counts down its `times`; an exhausted fault drops out.

export interface FaultHandle {
  /** Matching requests this fault has hit so far. */
  readonly hits: number;
  /** Requests it will still apply to. */
  readonly remaining: number;
  /** Removes the fault now. */
  cancel(): void;
}

interface ActiveFault {
  spec: FaultSpec;
  remaining: number;
  hits: number;
}

export class FaultQueue {
  private faults: ActiveFault[] = [];

  add(spec: FaultSpec): FaultHandle {
    if (spec.status === undefined && spec.delayMs === undefined && !spec.drop && spec.rawBody === undefined) {
      throw new Error('injectFault: give at least one of status, delayMs, drop or rawBody');
    }
    const active: ActiveFault = { spec: { ...spec }, remaining: spec.times ?? 1, hits: 0 };
    this.faults.push(active);
    const faults = (): ActiveFault[] => this.faults;
    const remove = (): void => {
      this.faults = faults().filter((f) => f !== active);
    };
    return {
      get hits() {
        return active.hits;
      },
      get remaining() {
        return active.remaining;
      },
      cancel: remove,
    };
  }

  /** The fault for this request, if any (consumes one of its `times`). */
  take(method: string, path: string): FaultSpec | undefined {
    for (const f of this.faults) {
      if (f.remaining <= 0) continue;
      if (f.spec.method && f.spec.method.toUpperCase() !== method) continue;
      if (!routeMatches(f.spec.route, path)) continue;
      f.remaining--;
      f.hits++;
      if (f.remaining <= 0) this.faults = this.faults.filter((x) => x !== f);
      return f.spec;
    }
    return undefined;
  }

  clear(): void {
    this.faults = [];
  }

  get pending(): number {
    return this.faults.length;
  }
}

function routeMatches(route: string | RegExp | undefined, path: string): boolean {
  if (route === undefined) return true;
  if (typeof route === 'string') return path.startsWith(route);
  route.lastIndex = 0;
  return route.test(path);
}
