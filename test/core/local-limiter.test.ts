// The in-process scheduler of an account: spacing between starts, concurrency, pause and resume (reservoir and pause(ms)), stop with and without draining.
import { describe, expect, it } from 'vitest';
import { LimiterStoppedError, LocalLimiter } from '../../src/carrier/local-limiter.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('LocalLimiter', () => {
  it('starts jobs minTime apart (less at most the 1 ms a timer can be late), in order', async () => {
    const limiter = new LocalLimiter(8, 40);
    const starts: number[] = [];
    const order: number[] = [];
    await Promise.all(
      [0, 1, 2, 3].map((i) =>
        limiter.schedule(async () => {
          starts.push(performance.now());
          order.push(i);
        }),
      ),
    );
    expect(order).toEqual([0, 1, 2, 3]);
    for (let i = 1; i < starts.length; i++) expect(starts[i]! - starts[i - 1]!).toBeGreaterThanOrEqual(39);
    expect(starts[3]! - starts[0]!).toBeGreaterThanOrEqual(119);
  });

  it('runs at most maxConcurrent jobs at once and answers each with its own result or error', async () => {
    const limiter = new LocalLimiter(2, 0);
    let running = 0;
    let peak = 0;
    const job = (i: number) =>
      limiter.schedule(async () => {
        running++;
        peak = Math.max(peak, running);
        await sleep(10);
        running--;
        if (i === 3) throw new Error('job 3 failed');
        return i * 10;
      });
    const results = await Promise.allSettled([0, 1, 2, 3, 4].map(job));
    expect(peak).toBe(2);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual([0, 10, 20, 'job 3 failed', 40]);
  });

  it('a synchronous throw in a job is its rejection, and the queue goes on', async () => {
    const limiter = new LocalLimiter(1, 0);
    const failed = limiter.schedule(() => {
      throw new Error('sync');
    });
    await expect(failed).rejects.toThrow('sync');
    await expect(limiter.schedule(async () => 'next')).resolves.toBe('next');
  });

  it('reservoir 0 holds new starts until lifted; queued() counts the waiting jobs', async () => {
    const limiter = new LocalLimiter(8, 0);
    await limiter.updateSettings({ reservoir: 0 });
    let ran = false;
    const job = limiter.schedule(async () => {
      ran = true;
    });
    await sleep(30);
    expect(ran).toBe(false);
    expect(limiter.queued()).toBe(1);
    await limiter.updateSettings({ reservoir: null });
    await job;
    expect(ran).toBe(true);
    expect(limiter.queued()).toBe(0);
  });

  it('pause(ms) holds new starts for the pause; they start when it ends', async () => {
    const limiter = new LocalLimiter(8, 0);
    const t0 = performance.now();
    limiter.pause(50);
    let startedAt: number | undefined;
    const job = limiter.schedule(async () => {
      startedAt = performance.now() - t0;
    });
    await sleep(20);
    expect(startedAt).toBeUndefined();
    expect(limiter.queued()).toBe(1);
    await job;
    // Less at most the 1 ms a timer can be late.
    expect(startedAt).toBeGreaterThanOrEqual(49);
    expect(startedAt).toBeLessThan(1_000);
    await expect(limiter.schedule(async () => 'after')).resolves.toBe('after');
  });

  it('a shorter pause does not shorten a longer one already set', async () => {
    const limiter = new LocalLimiter(8, 0);
    const t0 = performance.now();
    limiter.pause(120);
    limiter.pause(20);
    let startedAt: number | undefined;
    await limiter.schedule(async () => {
      startedAt = performance.now() - t0;
    });
    expect(startedAt).toBeGreaterThanOrEqual(119);
  });

  it('a wider minTime applies to the next start', async () => {
    const limiter = new LocalLimiter(8, 0);
    await limiter.schedule(async () => undefined);
    await limiter.updateSettings({ minTime: 60 });
    const a = Date.now();
    await limiter.schedule(async () => undefined);
    await limiter.schedule(async () => undefined);
    expect(Date.now() - a).toBeGreaterThanOrEqual(55);
  });

  it('stop drops waiting jobs with LimiterStoppedError, or runs them first when draining; later calls are refused', async () => {
    const dropping = new LocalLimiter(1, 0);
    await dropping.updateSettings({ reservoir: 0 });
    const dropped = dropping.schedule(async () => 'never');
    await dropping.stop({ dropWaitingJobs: true });
    await expect(dropped).rejects.toBeInstanceOf(LimiterStoppedError);
    await expect(dropping.schedule(async () => 1)).rejects.toBeInstanceOf(LimiterStoppedError);

    const draining = new LocalLimiter(1, 20);
    const drained = [1, 2, 3].map((i) => draining.schedule(async () => i));
    await draining.stop({ dropWaitingJobs: false });
    await expect(Promise.all(drained)).resolves.toEqual([1, 2, 3]);
  });
});
