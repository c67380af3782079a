// Puts a simulator on the wire as an HTTP server on loopback (sandbox, benchmarks); nock.ts mounts it for tests.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CarrierSimulator, SimRequest, SimResponse } from './types.ts';

export function splitUrl(url: string): { path: string; query: Record<string, string> } {
  const parsed = new URL(url, 'http://x');
  return { path: parsed.pathname, query: Object.fromEntries(parsed.searchParams) };
}

export function lowerHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers)) {
    if (value !== undefined) out[key.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A running simulator server. */
export interface SimulatorServer {
  url: string;
  close(): Promise<void>;
}

/** Serves a simulator over HTTP on loopback (port 0 = any free port). */
export async function serveSimulator(
  simulator: CarrierSimulator,
  options: { port?: number; host?: string } = {},
): Promise<SimulatorServer> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const { path, query } = splitUrl(req.url ?? '/');
      const request: SimRequest = {
        method: req.method ?? 'GET',
        path,
        query,
        headers: lowerHeaders(req.headers),
        body: Buffer.concat(chunks).toString('utf8'),
        remoteIp: req.socket.remoteAddress,
      };
      simulator.handle(request).then(
        async (response: SimResponse) => {
          if (response.delayMs) await sleep(Math.min(response.delayMs, 60_000));
          if (res.destroyed) return;
          res.writeHead(response.status, response.headers);
          res.end(response.body);
        },
        (error: unknown) => {
          res.writeHead(500, { 'content-type': 'text/plain' });
          res.end(`simulator error: ${error instanceof Error ? error.message : String(error)}`);
        },
      );
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const address = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
