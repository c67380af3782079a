// The support console: a Fastify plugin serving its static pages (HTML, ES modules, CSS) under /console from an allow-list, with a strict Content-Security-Policy. The pages call the REST API with the key the user enters.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { REASONS } from '../cases/reasons.ts';

/** Files the console serves (name under /console/ → content type). Nothing else in the folder is reachable. */
export const CONSOLE_FILES: Readonly<Record<string, string>> = {
  'index.html': 'text/html; charset=utf-8',
  'console.css': 'text/css; charset=utf-8',
  'app.js': 'text/javascript; charset=utf-8',
  'api.js': 'text/javascript; charset=utf-8',
  'dom.js': 'text/javascript; charset=utf-8',
  'format.js': 'text/javascript; charset=utf-8',
  'labels.js': 'text/javascript; charset=utf-8',
  'view-login.js': 'text/javascript; charset=utf-8',
  'view-list.js': 'text/javascript; charset=utf-8',
  'view-detail.js': 'text/javascript; charset=utf-8',
  'view-tasks.js': 'text/javascript; charset=utf-8',
  'view-dashboard.js': 'text/javascript; charset=utf-8',
  'actions.js': 'text/javascript; charset=utf-8',
  'favicon.svg': 'image/svg+xml',
};

/**
 * Third-party files the console serves under /console/vendor/ (name → content type and the package file it is read
 * from at startup): the uPlot chart library's ES module and stylesheet, from the installed `uplot` package, not a CDN.
 */
export const CONSOLE_VENDOR_FILES: Readonly<Record<string, { type: string; from: string }>> = {
  'uPlot.esm.js': { type: 'text/javascript; charset=utf-8', from: 'uplot/dist/uPlot.esm.js' },
  'uPlot.min.css': { type: 'text/css; charset=utf-8', from: 'uplot/dist/uPlot.min.css' },
};

/**
 * Same-origin only, no inline script or style, no framing: the pages never evaluate strings, and
 * what the API returns is rendered as text nodes.
 */
export const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const ASSETS = fileURLToPath(new URL('./assets/', import.meta.url));

/**
 * Registers `GET /console`, `GET /console/` (the page), `GET /console/<file>` for the allow-listed files (the icon
 * `favicon.svg` also as `GET /favicon.ico`), `GET /console/vendor/<file>` for {@link CONSOLE_VENDOR_FILES} and
 * `GET /console/reasons.json` (every reason code with its zh/en message, from src/cases/reasons.ts). No key is
 * needed to load them (they hold no case data); every data call needs one.
 */
export async function consolePlugin(app: FastifyInstance): Promise<void> {
  const bodies = new Map(Object.keys(CONSOLE_FILES).map((name) => [name, readFileSync(`${ASSETS}${name}`)]));
  const require = createRequire(import.meta.url);
  const vendor = new Map(Object.entries(CONSOLE_VENDOR_FILES).map(([name, file]) => [name, readFileSync(require.resolve(file.from))]));
  const send = (reply: FastifyReply, name: string, body = bodies.get(name), type = CONSOLE_FILES[name]!) =>
    reply
      .header('content-type', type)
      .header('content-security-policy', CONSOLE_CSP)
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'no-referrer')
      .header('cache-control', 'no-cache')
      .send(body);
  const route = { schema: { hide: true }, config: { auth: 'none' as const } };
  app.get('/console', route, async (_request, reply) => send(reply, 'index.html'));
  app.get('/console/', route, async (_request, reply) => send(reply, 'index.html'));
  // Browsers ask for /favicon.ico when a page names no icon (the OpenAPI UI, a bare API URL): the same SVG, not a 404.
  app.get('/favicon.ico', route, async (_request, reply) => send(reply, 'favicon.svg'));
  const reasons = Buffer.from(JSON.stringify(REASONS), 'utf8');
  app.get('/console/reasons.json', route, async (_request, reply) =>
    reply
      .header('content-type', 'application/json; charset=utf-8')
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'no-cache')
      .send(reasons),
  );
  app.get<{ Params: { file: string } }>('/console/vendor/:file', route, async (request, reply) => {
    const name = request.params.file;
    if (!Object.hasOwn(CONSOLE_VENDOR_FILES, name))
      return reply.code(404).send({ error: { code: 'NOT_FOUND', message: `console file vendor/${name} not found` } });
    return send(reply, name, vendor.get(name), CONSOLE_VENDOR_FILES[name]!.type);
  });
  app.get<{ Params: { file: string } }>('/console/:file', route, async (request, reply) => {
    const name = request.params.file;
    if (!Object.hasOwn(CONSOLE_FILES, name))
      return reply.code(404).send({ error: { code: 'NOT_FOUND', message: `console file ${name} not found` } });
    return send(reply, name);
  });
}
