// The limits config file: per-carrier (and per-account) quota settings that override the plugins' declarations.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ConfigError, formatZodIssues } from './config-error.ts';

/** Limits of one carrier account in the config file. */
export const AccountLimitsSchema = z
  .object({
    /** Calls per second. */
    perSecond: z.number().positive().optional(),
    /** Calls per minute. */
    perMinute: z.number().positive().optional(),
    /** Calls in flight at once. */
    maxConcurrent: z.number().int().positive().optional(),
  })
  .strict();
export type AccountLimits = z.infer<typeof AccountLimitsSchema>;

/** The whole file: `{ "carriers": { "<carrier id>": { perSecond, perMinute, maxConcurrent } } }`. */
export const LimitsFileSchema = z
  .object({
    carriers: z.record(z.string().regex(/^[a-z][a-z0-9-]*$/), AccountLimitsSchema),
  })
  .strict();
export type LimitsFile = z.infer<typeof LimitsFileSchema>;

/** Reads and validates a limits file; errors name the file and each bad field. */
export function loadLimitsFile(path: string): LimitsFile {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigError(`cannot read limits file ${path}: ${error instanceof Error ? error.message : String(error)}`, []);
  }
  const parsed = LimitsFileSchema.safeParse(data);
  if (!parsed.success) {
    const issues = formatZodIssues(parsed.error);
    throw new ConfigError(`invalid limits file ${path}: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);
  }
  return parsed.data;
}
