// Second half of `npm run build`: copies the files the runtime reads from disk (the console's assets) beside the compiled code, and stamps the build.
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';

const root = new URL('../', import.meta.url);
cpSync(new URL('src/console/assets/', root), new URL('dist/src/console/assets/', root), { recursive: true });
mkdirSync(new URL('dist/', root), { recursive: true });
writeFileSync(new URL('dist/.build-stamp', root), `${new Date().toISOString()}\n`);
