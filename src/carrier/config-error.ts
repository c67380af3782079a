// Configuration errors that name every bad field.
import type { z } from 'zod';

/** One configuration problem: dotted path and message. */
export interface ConfigIssue {
  path: string;
  message: string;
}

/** A configuration (file, environment or account) that does not validate. */
export class ConfigError extends Error {
  constructor(
    message: string,
    readonly issues: readonly ConfigIssue[],
  ) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Flattens zod issues into path + message pairs. */
export function formatZodIssues(error: z.ZodError): ConfigIssue[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.') || '(root)', message: issue.message }));
}
