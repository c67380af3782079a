// `prestart`: builds dist/ when it is missing or older than any source file, so `npm start` never runs stale code.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const SOURCES = ['src', 'carriers', 'mocks', 'tsconfig.json', 'tsconfig.build.json', 'package.json'];

/** The newest modification time under `path`, ms. */
function newest(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((latest, entry) => Math.max(latest, newest(join(path, entry))), stat.mtimeMs);
}

/** When dist/ was last built, ms; 0 when it never was. */
function builtAt() {
  try {
    return statSync(join(root, 'dist', '.build-stamp')).mtimeMs;
  } catch {
    return 0; // no stamp: never built here
  }
}

const stamp = builtAt();
if (stamp === 0 || SOURCES.some((path) => newest(join(root, path)) > stamp)) {
  process.stdout.write('lanjie: building dist/ (sources changed since the last build)\n');
  const tsc = spawnSync(
    process.execPath,
    [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(root, 'tsconfig.build.json')],
    {
      stdio: 'inherit',
    },
  );
  if (tsc.status !== 0) process.exit(tsc.status ?? 1);
  await import('./build-assets.js');
}
