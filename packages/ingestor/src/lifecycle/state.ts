/**
 * Admission control and lifecycle flags shared by the HTTP layer, readiness and shutdown.
 * In-flight bytes are capped: past the cap a request is refused at once (503) instead of growing memory.
 */
export class ServiceState {
  private inflight = 0;
  private saturatedUntil = 0;
  private drainingFlag = false;
  private closedFlag = false;
  private activeRequests = 0;
  private lastRequestAt = Number.NEGATIVE_INFINITY;
  private idleWaiters: (() => void)[] = [];

  constructor(
    readonly maxInflightBytes: number,
    private readonly now: () => number = Date.now,
    private readonly onInflight: (bytes: number) => void = () => undefined,
  ) {}

  /** Reserves `bytes` of the in-flight budget; false (and saturated for a second) when it would overflow. */
  tryAcquire(bytes: number): boolean {
    if (this.inflight + bytes > this.maxInflightBytes) {
      this.saturatedUntil = this.now() + 1_000;
      return false;
    }
    this.inflight += bytes;
    this.onInflight(this.inflight);
    return true;
  }

  /** Whether `bytes` would fit the budget now, without reserving them; a no counts as a refusal. */
  couldAcquire(bytes: number): boolean {
    if (this.inflight + bytes <= this.maxInflightBytes) return true;
    this.saturatedUntil = this.now() + 1_000;
    return false;
  }

  release(bytes: number): void {
    this.inflight = Math.max(0, this.inflight - bytes);
    this.onInflight(this.inflight);
  }

  get inflightBytes(): number {
    return this.inflight;
  }

  /** Saturated while the budget is nearly used, and for a second after any refusal. */
  get saturated(): boolean {
    return this.now() < this.saturatedUntil || this.inflight > this.maxInflightBytes * 0.9;
  }

  get draining(): boolean {
    return this.drainingFlag;
  }

  /** Readiness fails from now on; requests are still served while load balancers catch up. */
  startDraining(): void {
    this.drainingFlag = true;
  }

  /** New requests are refused from now on (503 DRAINING). */
  close(): void {
    this.drainingFlag = true;
    this.closedFlag = true;
  }

  get closed(): boolean {
    return this.closedFlag;
  }

  /** Every request, refused ones included: shutdown waits for the traffic to go quiet before closing. */
  requestArrived(): void {
    this.lastRequestAt = this.now();
  }

  /** Milliseconds since the last request arrived. */
  get quietMs(): number {
    return this.now() - this.lastRequestAt;
  }

  requestStarted(): void {
    this.activeRequests++;
  }

  requestFinished(): void {
    this.activeRequests--;
    if (this.activeRequests === 0) for (const w of this.idleWaiters.splice(0)) w();
  }

  get active(): number {
    return this.activeRequests;
  }

  /** Resolves once no request is being processed. */
  idle(): Promise<void> {
    if (this.activeRequests === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }
}
