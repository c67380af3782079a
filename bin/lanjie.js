#!/usr/bin/env node
// The `lanjie` command: runs the compiled CLI in this very process, so SIGTERM and SIGINT reach the gateway itself.
import { existsSync } from 'node:fs';

const main = new URL('../dist/src/cli/main.js', import.meta.url);
if (!existsSync(main)) {
  process.stderr.write('lanjie: the compiled build (dist/) is missing: run `npm run build` (npm install builds it too)\n');
  process.exit(1);
}
await import(main.href);
