// Checking an account's credentials when it is written: the optional `checkCredentials` capability of a carrier client, run once and classified.
import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock/clock.ts';
import { ConfigError, formatZodIssues } from './config-error.ts';
import type { AnyCarrierPlugin } from './define.ts';
import { AuthError, CarrierRejectedError } from './errors.ts';
import { createCarrierHttp } from './http.ts';

/**
 * What a credential check found:
 * - VERIFIED: the carrier accepted the credentials;
 * - REJECTED: the carrier refused them (signature, key, permission);
 * - UNVERIFIED: the carrier could not be asked (down, timeout, quota, unreadable answer), the write is kept;
 * - NOT_VERIFIED: the plugin declares no cheap check.
 */
export type CredentialCheckStatus = 'VERIFIED' | 'REJECTED' | 'UNVERIFIED' | 'NOT_VERIFIED';

/** The outcome of one account's check. */
export interface CredentialCheck {
  status: CredentialCheckStatus;
  /** Why it was rejected or could not be verified (carrier code and message; never a secret). */
  message?: string;
}

/**
 * For plugins implementing `checkCredentials` with a harmless call (a query of a placeholder number):
 * runs it and resolves when the carrier authenticated the request, whatever it then said about the
 * number (not found, bad format). AuthError and transient errors (down, quota) are thrown on.
 */
export async function probeCredentials(call: () => Promise<unknown>): Promise<void> {
  try {
    await call();
  } catch (error) {
    if (error instanceof CarrierRejectedError && !(error instanceof AuthError)) return;
    throw error;
  }
}

/** Options of a credential check. */
export interface CheckCredentialsOptions {
  clock: Clock;
  /** Per-request timeout of the check, ms. Default: the account's `timeoutMs`, else 5 000. */
  timeoutMs?: number;
}

/**
 * Checks one account configuration of `plugin` with one call (no limiter, no retries: the answer is
 * wanted now). The config must already be valid for the plugin's schema (a bad one throws ConfigError).
 */
export async function checkAccountCredentials(
  plugin: AnyCarrierPlugin,
  rawConfig: unknown,
  options: CheckCredentialsOptions,
): Promise<CredentialCheck> {
  if (!plugin.create || !plugin.configSchema) return { status: 'NOT_VERIFIED', message: `${plugin.id} has no API of its own` };
  const parsed = plugin.configSchema.safeParse(rawConfig);
  if (!parsed.success) throw new ConfigError(`invalid ${plugin.id} account configuration`, formatZodIssues(parsed.error));
  const config = parsed.data as { baseUrl: string; timeoutMs?: number };
  const http = createCarrierHttp(plugin.id, { baseUrl: config.baseUrl, timeoutMs: options.timeoutMs ?? config.timeoutMs ?? 5_000 });
  const client = plugin.create(parsed.data, { http, clock: options.clock, newId: randomUUID });
  if (!client.checkCredentials) return { status: 'NOT_VERIFIED', message: `${plugin.id} offers no cheap credential check` };
  try {
    await client.checkCredentials();
    return { status: 'VERIFIED' };
  } catch (error) {
    // handled: returned as the check's status and message
    const message = error instanceof Error ? error.message : String(error);
    return { status: error instanceof AuthError ? 'REJECTED' : 'UNVERIFIED', message };
  }
}
