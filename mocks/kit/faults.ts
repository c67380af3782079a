// Injected faults: a queue a test fills ("the next 2 requests answer 503") and simulators consume in order.

/** A fault a simulator can be told to produce instead of its normal answer. */
export type Fault =
  | { type: 'http-error'; status: number }
  | { type: 'delay'; ms: number }
  | { type: 'malformed' }
  | { type: 'quota' }
  | { type: 'lose-answer' };

/** A FIFO of faults; each entry applies to one request. */
export class FaultQueue {
  private readonly queue: Fault[] = [];

  /** Queues `fault` for the next `times` requests (default 1). */
  inject(fault: Fault, times = 1): void {
    for (let i = 0; i < times; i++) this.queue.push(fault);
  }

  /** Takes the fault for the current request, if any. */
  take(): Fault | undefined {
    return this.queue.shift();
  }

  get pending(): number {
    return this.queue.length;
  }

  clear(): void {
    this.queue.length = 0;
  }
}
