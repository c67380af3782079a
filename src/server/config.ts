// The gateway's configuration: environment variables and an optional JSON file (rules, limits, merchants), validated with zod; `${VAR}` in the file reads the environment.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { ConfigError, formatZodIssues } from '../carrier/config-error.ts';
import { LimitsFileSchema } from '../carrier/limits-config.ts';
import { redisUrlProblem } from '../carrier/resilience.ts';
import { RulesSchema } from '../cases/rules-config.ts';
import { MerchantConfigSchema } from '../merchants/merchant-config.ts';
import { parseSecretKey } from '../merchants/secret-box.ts';

/** One or more comma-separated 32-byte keys (64 hex characters or base64); the issue explains the format, never echoes the value. */
const secretKeysSchema = (name: string, list: boolean) =>
  z.string().superRefine((value, ctx) => {
    const keys = list
      ? value
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : [value];
    keys.forEach((key, i) => {
      try {
        parseSecretKey(key, list ? `${name} (key ${i + 1})` : name);
      } catch (error) {
        // handled: becomes a zod issue naming the variable
        ctx.addIssue({ code: 'custom', message: error instanceof Error ? error.message : String(error) });
      }
    });
  });

const KeySchema = z.string().min(16, 'an API key is at least 16 characters').max(200).regex(/^\S+$/, 'an API key has no spaces');

/** Environment variables the gateway reads (all optional). */
export const GatewayEnvSchema = z.object({
  /** Port to listen on (0 = any free port). Default 8080. */
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  /** Address to listen on. Default 127.0.0.1 (set 0.0.0.0 behind a proxy or in a container). */
  HOST: z.string().min(1).default('127.0.0.1'),
  /** Data folder (SQLite file). Default ./data. */
  LANJIE_DATA_DIR: z.string().min(1).default('./data'),
  /** Store URL: `sqlite:<path>` or `postgres://...`. Default sqlite:<data dir>/lanjie.db (sandbox: sandbox.db). */
  LANJIE_STORE_URL: z.string().min(1).optional(),
  /** JSON configuration file (rules, limits, merchants). */
  LANJIE_CONFIG: z.string().min(1).optional(),
  /** Sandbox: the merchant key (otherwise one is generated at each start and printed). */
  LANJIE_SANDBOX_API_KEY: KeySchema.optional(),
  /** Sandbox: the support key (otherwise generated and printed). */
  LANJIE_SANDBOX_SUPPORT_KEY: KeySchema.optional(),
  /** Live mode: a support key made valid at start (the first key; then create others with it). */
  LANJIE_SUPPORT_API_KEY: KeySchema.optional(),
  /**
   * The key merchant secrets are encrypted with in the store (AES-256-GCM): 32 bytes as 64 hex characters or
   * base64 (`openssl rand -base64 32`). Required in live mode; the sandbox generates one in its data folder.
   */
  LANJIE_SECRET_KEY: secretKeysSchema('LANJIE_SECRET_KEY', false).optional(),
  /** Earlier values of LANJIE_SECRET_KEY, comma-separated: still read, until `lanjie merchants rekey` rewrote every merchant. */
  LANJIE_SECRET_KEY_PREVIOUS: secretKeysSchema('LANJIE_SECRET_KEY_PREVIOUS', true).optional(),
  /** Log level (fatal, error, warn, info, debug, trace, silent). Default info (sandbox: warn). */
  LANJIE_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
  /** Least time between two live tracking queries of one number through the API, seconds. Default 300. */
  LANJIE_TRACKING_REFRESH_SECONDS: z.coerce.number().int().min(0).default(300),
  /** Time between tracker polls of one followed number, seconds. Default 7200 (sandbox 3600). */
  LANJIE_POLL_INTERVAL_SECONDS: z.coerce.number().int().positive().optional(),
  LANJIE_SETTLED_POLL_INTERVAL_SECONDS: z.coerce.number().int().positive().optional(),
  /** Coordinator tick interval, ms. Default 1000. */
  LANJIE_TICK_MS: z.coerce.number().int().min(50).default(1000),
  /** Seconds between two samples of the console dashboard's history (calls, errors, quota use; the last 360 kept). Default 10. */
  LANJIE_STATS_SAMPLE_SECONDS: z.coerce.number().int().min(1).max(3600).default(10),
  /** Seconds between two reconciliation polls of every merchant's Douyin after-sales (what a lost push did not say). */
  LANJIE_DOUYIN_RECONCILE_SECONDS: z.coerce.number().int().min(10).default(300),
  /** Seconds between two checks of every merchant's Douyin access token (refreshed when it expires within LANJIE_DOUYIN_TOKEN_REFRESH_BEFORE_HOURS). Default 300. */
  LANJIE_DOUYIN_TOKEN_CHECK_SECONDS: z.coerce.number().int().min(10).default(300),
  /** A Douyin access token is refreshed this many hours before it expires. Default 24. */
  LANJIE_DOUYIN_TOKEN_REFRESH_BEFORE_HOURS: z.coerce
    .number()
    .min(0.1)
    .max(24 * 13)
    .default(24),
  /**
   * Seconds between two reads of the merchants table, so that a change made through another instance takes effect here
   * (with LANJIE_REDIS_URL the writer also announces it and the others read it at once). Default 10.
   */
  LANJIE_MERCHANT_REFRESH_SECONDS: z.coerce.number().int().min(1).default(10),
  /** SQLite: page cache of each connection (writer and reader), KiB. Default 512 (memory stays flat as the work grows; raise it to trade memory for fewer reads). */
  LANJIE_SQLITE_CACHE_KIB: z.coerce.number().int().min(64).max(1_048_576).optional(),
  /** Redis (redis:// or rediss://) through which every carrier account's limiter is shared by all instances; unset: each instance limits alone. */
  LANJIE_REDIS_URL: z
    .string()
    .superRefine((url, ctx) => {
      const problem = redisUrlProblem(url);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .optional(),
  /**
   * `on`: carrier and webhook requests are sent from one HTTP worker thread (the event loop keeps deciding).
   * Default `off`: on two cores it gained nothing measured (bench/README.md); it can on larger machines.
   */
  LANJIE_HTTP_THREAD: z.enum(['on', 'off']).default('off'),
});
export type GatewayEnv = z.output<typeof GatewayEnvSchema>;

/** The configuration file. */
export const ConfigFileSchema = z
  .object({
    /** Case rules (see src/cases/README.md); defaults for every field left out. */
    rules: RulesSchema.optional(),
    /** Per-carrier limits overriding the plugins' declarations. */
    limits: LimitsFileSchema.optional(),
    /** Merchants written to the store when not there yet; afterwards the store (PUT /v1/merchants/:id) is authoritative. */
    merchants: z.array(MerchantConfigSchema).default([]),
  })
  .strict();
/**
 * A validated configuration. `eligibleCarrierIdsListed` says whether the rules list their eligible
 * carriers themselves; when false the gateway takes them from the carrier declarations. Absent
 * (configuration built in code): listed whenever `rules` is given.
 */
export type ConfigFile = z.output<typeof ConfigFileSchema> & { eligibleCarrierIdsListed?: boolean };

/** Replaces `${NAME}` in every string of `value` with the environment variable; a missing variable is an error naming it. */
export function expandEnv(value: unknown, env: NodeJS.ProcessEnv, path = ''): unknown {
  if (typeof value === 'string') {
    return value.replace(/\$\{([A-Z0-9_]+)\}/g, (_m, name: string) => {
      const found = env[name];
      if (found === undefined)
        throw new ConfigError(`${path || '(root)'}: environment variable ${name} is not set`, [
          { path: path || '(root)', message: `environment variable ${name} is not set` },
        ]);
      return found;
    });
  }
  if (Array.isArray(value)) return value.map((v, i) => expandEnv(v, env, path ? `${path}.${i}` : String(i)));
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, expandEnv(v, env, path ? `${path}.${k}` : k)]));
  return value;
}

/** Reads the environment; errors name each variable. */
export function loadEnv(env: NodeJS.ProcessEnv = process.env): GatewayEnv {
  const parsed = GatewayEnvSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== '')));
  if (!parsed.success) {
    const issues = formatZodIssues(parsed.error);
    throw new ConfigError(`invalid environment: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);
  }
  return parsed.data;
}

/** Reads the configuration file (or the empty configuration); errors name the file and each field, never a value. */
export function loadConfigFile(path: string | undefined, env: NodeJS.ProcessEnv = process.env): ConfigFile {
  if (!path) return ConfigFileSchema.parse({});
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigError(`cannot read configuration file ${path}: ${error instanceof Error ? error.message : String(error)}`, []);
  }
  const parsed = ConfigFileSchema.safeParse(expandEnv(data, env));
  if (!parsed.success) {
    const issues = formatZodIssues(parsed.error);
    throw new ConfigError(`invalid configuration file ${path}: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);
  }
  const rules = (data as { rules?: unknown }).rules;
  const listed = typeof rules === 'object' && rules !== null && 'eligibleCarrierIds' in rules;
  return { ...parsed.data, eligibleCarrierIdsListed: listed };
}

/** The store URL for a data folder. */
export function storeUrlFor(env: GatewayEnv, sandbox: boolean): string {
  return env.LANJIE_STORE_URL ?? `sqlite:${join(resolve(env.LANJIE_DATA_DIR), sandbox ? 'sandbox.db' : 'lanjie.db')}`;
}
