// Common machinery of every simulator: counters, injected faults and quota windows around the carrier's own handler.
import type { Clock } from '../../src/clock/clock.ts';
import { FaultQueue } from './faults.ts';
import { QuotaWindows } from './quota.ts';
import { ParcelWorld } from './world.ts';
import type { CarrierSimulator, SimRequest, SimResponse, SimStats, SimulatorOptions } from './types.ts';

/** Result of a carrier's authentication check of a request. */
export type AuthCheck = { ok: true } | { ok: false; response: SimResponse };

/**
 * Base class of a carrier simulator. Subclasses implement the wire protocol: `operationOf` names the
 * operation, `authenticate` checks the signature with the simulator's own code, `quotaError`
 * renders the carrier's quota error, and `serve` answers a good request.
 */
export abstract class BaseSimulator implements CarrierSimulator {
  abstract readonly carrierId: string;
  readonly world: ParcelWorld;
  readonly faults = new FaultQueue();
  readonly quota: QuotaWindows | undefined;
  readonly stats: SimStats = { requests: 0, quotaErrors: 0, served: 0, authErrors: 0, byOperation: {} };
  protected readonly clock: Clock;

  constructor(options: SimulatorOptions, newNumber?: (old: string) => string) {
    this.clock = options.clock;
    this.world = options.world ?? new ParcelWorld(options.clock, newNumber);
    this.quota = options.quota ? new QuotaWindows(options.quota, options.quotaClock ?? options.clock) : undefined;
  }

  /** The carrier's name for the operation a request asks for (service code, API name). */
  protected abstract operationOf(request: SimRequest): string;
  /** Checks credentials and signature with the simulator's own code. */
  protected abstract authenticate(request: SimRequest): AuthCheck;
  /** The carrier's quota error, as it sends it. */
  protected abstract quotaError(window: 'second' | 'minute', retryAfterMs: number): SimResponse;
  /** Answers a request that passed faults, auth and quota. */
  protected abstract serve(request: SimRequest, operation: string): SimResponse;

  async handle(request: SimRequest): Promise<SimResponse> {
    this.stats.requests++;
    const operation = this.operationOf(request);
    this.stats.byOperation[operation] = (this.stats.byOperation[operation] ?? 0) + 1;
    const fault = this.faults.take();
    if (fault?.type === 'http-error')
      return { status: fault.status, headers: { 'content-type': 'text/html' }, body: `<html><body>${fault.status}</body></html>` };
    if (fault?.type === 'malformed')
      return { status: 200, headers: { 'content-type': 'application/json' }, body: '{"unexpected":["shape"]}' };
    if (fault?.type === 'quota') {
      this.stats.quotaErrors++;
      return this.quotaError('second', 1000);
    }
    const auth = this.authenticate(request);
    if (!auth.ok) {
      this.stats.authErrors++;
      return auth.response;
    }
    if (this.quota) {
      const admission = this.quota.tryAdmit();
      if (!admission.ok) {
        this.stats.quotaErrors++;
        return this.quotaError(admission.window, admission.retryAfterMs);
      }
    }
    this.stats.served++;
    const response = this.serve(request, operation);
    if (fault?.type === 'delay') return { ...response, delayMs: fault.ms };
    if (fault?.type === 'lose-answer') return { ...response, delayMs: 3_600_000 };
    return response;
  }
}

/** A JSON response. */
export function jsonResponse(body: unknown, status = 200): SimResponse {
  return { status, headers: { 'content-type': 'application/json;charset=UTF-8' }, body: JSON.stringify(body) };
}

/** Parses an application/x-www-form-urlencoded body. */
export function parseForm(body: string): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(body));
}
