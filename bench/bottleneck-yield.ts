// For the carrier-call-cost bench only (accounts now use src/carrier/local-limiter.ts): makes a local Bottleneck limiter yield between its internal steps with setImmediate instead of setTimeout(0), which Node clamps to 1 ms.
import type Bottleneck from 'bottleneck';

/** The part of Bottleneck's (internal) local datastore this module replaces. */
interface LocalStore {
  yieldLoop?: (t?: number) => Promise<void>;
}

/**
 * Bottleneck's local datastore awaits `yieldLoop()` (a `setTimeout(resolve, 0)`, to behave like its
 * Redis datastore's round trips) several times per job, inside its serial submit and register locks.
 * Node clamps a 0 ms timeout to 1 ms, so one local limiter ran at most ≈ 370 jobs per second however
 * high its quota, and each job paid ≈ 0.25 ms of CPU for the timers (bench/README.md, "Carrier call
 * cost by layer"). Yielding to the event loop with setImmediate keeps every step asynchronous and in the same
 * order, without the clamp. Limiters on Redis are left as they are (their datastore does not yield
 * this way). Bottleneck 2.19.5 is the last release, so this internal is stable.
 * @returns whether the limiter was changed (false: not a local datastore of the expected shape).
 */
export function yieldWithoutTimerClamp(limiter: Bottleneck): boolean {
  const store = (limiter as unknown as { _store?: LocalStore })._store;
  if (!store || typeof store.yieldLoop !== 'function' || store.constructor?.name !== 'LocalDatastore') return false;
  store.yieldLoop = (t = 0) =>
    new Promise<void>((resolve) => {
      if (t > 0) setTimeout(resolve, t);
      else setImmediate(resolve);
    });
  return true;
}
