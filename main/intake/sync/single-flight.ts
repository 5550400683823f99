// One run at a time: a request while a run is going schedules exactly one follow-up run (however many requests
// arrive meanwhile), because whatever prompted them may have changed data the running pass has already read past.

export class SingleFlight<T> {
  private current: Promise<T> | null = null;
  private next: Promise<T> | null = null;

  constructor(private readonly work: () => Promise<T>) {}

  get running(): boolean {
    return this.current !== null;
  }

  /** Resolves with the outcome of the run that covers this request (the current one if idle, else the follow-up). */
  run(): Promise<T> {
    if (!this.current) return this.start();
    const go = () => {
      this.next = null;
      return this.start();
    };
    this.next ??= this.current.then(go, go);
    return this.next;
  }

  /** The run in progress and any follow-up, settled (tests and shutdown). */
  async idle(): Promise<void> {
    while (this.current || this.next) await (this.next ?? this.current)!.catch(() => undefined);
  }

  private start(): Promise<T> {
    const p: Promise<T> = this.work().finally(() => {
      if (this.current === p) this.current = null;
    });
    this.current = p;
    return p;
  }
}
