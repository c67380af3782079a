// The gateway's version: read once from lanjie's package.json, found by walking up from this file (works from src/ and from a compiled dist/).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const PackageSchema = z.object({ name: z.string(), version: z.string().min(1) });

/** No package.json named `name` above the start folder (a broken install). */
export class PackageJsonNotFoundError extends Error {
  constructor(from: string, name: string) {
    super(`no package.json named "${name}" in ${from} or any folder above it`);
    this.name = 'PackageJsonNotFoundError';
  }
}

/**
 * The version in the nearest package.json named `name` at or above the folder of `fromUrl` (a file URL).
 * @throws PackageJsonNotFoundError when there is none.
 */
export function findPackageVersion(fromUrl: string, name = 'lanjie'): string {
  const start = dirname(fileURLToPath(fromUrl));
  for (let dir = start; ; dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const parsed = PackageSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
      if (parsed.success && parsed.data.name === name) return parsed.data.version;
    }
    if (dirname(dir) === dir) throw new PackageJsonNotFoundError(start, name);
  }
}

let cached: string | undefined;

/** lanjie's version (package.json `version`), read on the first call and kept. */
export function packageVersion(): string {
  cached ??= findPackageVersion(import.meta.url);
  return cached;
}
