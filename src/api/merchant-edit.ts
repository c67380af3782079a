// Editing a merchant without losing its secrets: masks and omitted secrets resolved against the stored configuration, JSON merge patch (RFC 7396).
import { isDeepStrictEqual } from 'node:util';
import type { MerchantConfig } from '../merchants/merchant-config.ts';
import type { ApiIssue } from './errors.ts';
import { accountSecrets, MASK, mapAccountSecrets } from '../merchants/redact.ts';

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** RFC 7396 JSON merge patch: objects merge member by member, `null` deletes a member, anything else replaces. */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return patch;
  const result: Json = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = applyMergePatch(result[key], value);
  }
  return result;
}

function getIn(value: unknown, path: readonly string[]): unknown {
  let at: unknown = value;
  for (const key of path) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Json)[key];
  }
  return at;
}

/** Options of `resolveSecrets`. */
export interface ResolveSecretsOptions {
  /**
   * PUT: a secret left out of an account (or of the webhook) that is sent keeps its stored value. PATCH
   * leaves this off: what a merge patch leaves out is kept by the merge itself, and `null` deletes.
   */
  keepOmitted: boolean;
}

/**
 * Replaces every secret sent as the mask `***` with the stored value (which fields are secrets is the
 * masking rule of redact.ts). A mask where nothing is stored is an issue naming the field. With
 * `keepOmitted`, a top-level secret field left out of a sent account, or the secret of a sent webhook,
 * keeps its stored value (a nested secret is kept by sending the mask). Accounts or a
 * webhook left out entirely are not restored: leaving them out of a PUT removes them.
 */
export function resolveSecrets(
  body: Json,
  stored: MerchantConfig | undefined,
  options: ResolveSecretsOptions,
): { config: Json; issues: ApiIssue[] } {
  const issues: ApiIssue[] = [];
  const config: Json = { ...body };
  const maskIssue = (path: string) =>
    issues.push({ path, message: `"${MASK}" is the mask of a secret and no secret is stored here for this merchant: send the value` });
  if (isObject(body.accounts)) {
    const accounts: Json = {};
    for (const [accountId, account] of Object.entries(body.accounts)) {
      const storedAccount = stored?.accounts[accountId];
      let resolved = mapAccountSecrets(account, (value, path) => {
        if (value !== MASK) return value;
        const kept = getIn(storedAccount, path);
        if (typeof kept === 'string') return kept;
        maskIssue(['body', 'accounts', accountId, ...path].join('.'));
        return value;
      });
      if (options.keepOmitted && isObject(resolved)) {
        // A top-level secret field left out of a sent account keeps its stored value.
        const withKept: Json = { ...resolved };
        for (const secret of accountSecrets(storedAccount)) {
          const field = secret.path[0];
          if (secret.path.length === 1 && field !== undefined && !(field in withKept)) withKept[field] = secret.value;
        }
        resolved = withKept;
      }
      accounts[accountId] = resolved;
    }
    config.accounts = accounts;
  }
  if (isObject(body.webhook)) {
    const webhook: Json = { ...body.webhook };
    const keptSecret = stored?.webhook?.secret;
    if (webhook.secret === MASK) {
      if (keptSecret) webhook.secret = keptSecret;
      else maskIssue('body.webhook.secret');
    } else if (webhook.secret === undefined && options.keepOmitted && keptSecret) webhook.secret = keptSecret;
    config.webhook = webhook;
  }
  return { config, issues };
}

/** The account ids whose configuration is new or differs from the stored one (those whose credentials are checked). */
export function changedAccounts(next: MerchantConfig, stored: MerchantConfig | undefined): string[] {
  return Object.keys(next.accounts).filter((id) => !isDeepStrictEqual(next.accounts[id], stored?.accounts[id]));
}
