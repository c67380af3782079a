// Account configuration every plugin shares: where its API is and how long to wait. Plugins extend it.
import { z } from 'zod';

/** Fields every carrier account configuration has. */
export const BaseAccountConfigSchema = z.object({
  /** Base URL of the carrier API; defaults to the carrier's production host in each plugin. */
  baseUrl: z.url(),
  /** Per-request timeout in ms. Default 10 000. */
  timeoutMs: z.number().int().positive().max(120_000).default(10_000),
});
export type BaseAccountConfig = z.infer<typeof BaseAccountConfigSchema>;
