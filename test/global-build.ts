// Vitest global setup: makes sure dist/ is built and current, for the tests that run the compiled `bin/lanjie.js` as users and containers do.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

export default function setup(): void {
  const result = spawnSync(process.execPath, [join(import.meta.dirname, '..', 'scripts', 'ensure-build.js')], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`building dist/ failed (node scripts/ensure-build.js):\n${result.stdout}\n${result.stderr}`);
}
