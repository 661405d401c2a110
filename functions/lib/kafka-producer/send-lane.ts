/**
 * One send in flight at a time, with the sends that arrive meanwhile coalesced into the next.
 *
 * Why: `@platformatic/kafka`'s idempotent producer reads a partition's sequence number when it
 * encodes a send and advances it only when the response comes back, so two sends in flight to
 * one partition carry the same sequence, and the broker takes the second for a retry of the
 * first: acknowledged, with the first one's offset, and never written. A Lambda container runs
 * one invocation at a time and never does that; the local API server (and anything else that
 * shares a process's producer) does. Coalescing, rather than queueing one by one, keeps a burst
 * of concurrent requests to a few round trips.
 *
 * Each caller's items stay together in one send (all written or none acknowledged); a send
 * holds callers in arrival order up to `maxBytes`, and always at least one. When a send fails,
 * every caller in it gets that error.
 */
export class SendLane<T> {
  private readonly queue: { items: T[]; bytes: number; resolve: () => void; reject: (error: unknown) => void }[] = [];
  private running: Promise<void> | null = null;

  constructor(
    private readonly send: (items: T[]) => Promise<void>,
    private readonly maxBytes: number,
  ) {}

  /** Resolves once the send that carried `items` is acknowledged; rejects with its error. */
  push(items: T[], bytes: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ items, bytes, resolve, reject });
      this.running ??= this.drain();
    });
  }

  /** Resolves once nothing is queued or in flight. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        let bytes = this.queue[0]!.bytes;
        let n = 1;
        while (n < this.queue.length && bytes + this.queue[n]!.bytes <= this.maxBytes) bytes += this.queue[n++]!.bytes;
        const callers = this.queue.splice(0, n);
        try {
          await this.send(callers.flatMap((c) => c.items));
          for (const c of callers) c.resolve();
        } catch (error) {
          for (const c of callers) c.reject(error);
        }
      }
    } finally {
      this.running = null;
    }
  }
}
