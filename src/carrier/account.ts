// Builds a ready-to-use carrier account: validated config, HTTP client, plugin client, limiter and retries.
import { randomUUID } from 'node:crypto';
import { systemClock, type Clock } from '../clock/clock.ts';
import type { RateLimits, AnyCarrierPlugin } from './define.ts';
import { createCarrierHttp } from './http.ts';
import type { HttpThread } from './http-thread.ts';
import {
  makeResilient,
  type AdaptivePolicy,
  type ClusterOptions,
  type ResilienceOptions,
  type ResilientCarrierClient,
  type RetryPolicy,
} from './resilience.ts';
import { ConfigError, formatZodIssues } from './config-error.ts';

/** Options of one carrier account. */
export interface AccountOptions {
  /** Business time handed to the plugin (signing timestamps, event times). */
  clock: Clock;
  /** Real time for the limiter's pauses and rate recovery. Default: the system clock. */
  rateClock?: Clock;
  /** Overrides of the plugin's declared limits (from the limits config file). */
  limits?: Partial<Omit<RateLimits, 'source'>>;
  retry?: Partial<RetryPolicy>;
  adaptive?: Partial<AdaptivePolicy>;
  /** Share this account's limiter with other instances through Redis. */
  cluster?: ClusterOptions;
  onAttempt?: ResilienceOptions['onAttempt'];
  /** Where the carrier core logs retries and give-ups. Default: silent. */
  logger?: ResilienceOptions['logger'];
  newId?: () => string;
  /** Send the account's requests from this HTTP thread. Default: from the calling thread. */
  httpThread?: HttpThread;
}

/**
 * Creates the resilient client of one account of `plugin`. The raw config is validated with the
 * plugin's schema; a bad config throws ConfigError naming each field.
 */
export function createCarrierAccount(plugin: AnyCarrierPlugin, rawConfig: unknown, options: AccountOptions): ResilientCarrierClient {
  if (!plugin.create || !plugin.configSchema) {
    throw new ConfigError(`${plugin.id} has no public API of its own; route it through a hub`, []);
  }
  const parsed = plugin.configSchema.safeParse(rawConfig);
  if (!parsed.success) {
    const issues = formatZodIssues(parsed.error);
    throw new ConfigError(`invalid ${plugin.id} account configuration: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);
  }
  const config = parsed.data as { baseUrl: string; timeoutMs?: number };
  const http = createCarrierHttp(plugin.id, {
    baseUrl: config.baseUrl,
    timeoutMs: config.timeoutMs,
    ...(options.httpThread ? { thread: options.httpThread } : {}),
  });
  const client = plugin.create(parsed.data, { http, clock: options.clock, newId: options.newId ?? randomUUID });
  const limits: RateLimits = { ...plugin.limits, ...options.limits };
  return makeResilient(plugin.id, plugin.capabilities, client, {
    limits,
    retry: options.retry,
    adaptive: options.adaptive,
    cluster: options.cluster,
    clock: options.rateClock ?? systemClock,
    onAttempt: options.onAttempt,
    ...(options.logger ? { logger: options.logger } : {}),
  });
}
