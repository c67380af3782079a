// Mounts a simulator on nock for tests (kept apart from transport.ts: importing nock patches Node's http for the whole process).
import nock from 'nock';
import { lowerHeaders, sleep, splitUrl } from './transport.ts';
import type { CarrierSimulator, SimRequest } from './types.ts';

/**
 * Mounts a simulator on nock for `baseUrl` (every path, GET and POST, until nock.cleanAll()).
 * Returns the scope. A `delayMs` answer is delayed for real, so client timeouts fire.
 */
export function mountOnNock(simulator: CarrierSimulator, baseUrl: string): nock.Scope {
  const origin = new URL(baseUrl).origin;
  const scope = nock(origin).persist();
  const reply = async function (this: nock.ReplyFnContext, uri: string, body: nock.Body, method: string): Promise<nock.ReplyFnResult> {
    const { path, query } = splitUrl(uri);
    const request: SimRequest = {
      method,
      path,
      query,
      headers: lowerHeaders(this.req.headers as Record<string, string | string[] | undefined>),
      body: typeof body === 'string' ? body : JSON.stringify(body),
    };
    const response = await simulator.handle(request);
    if (response.delayMs) await sleep(Math.min(response.delayMs, 60_000));
    return [response.status, response.body, response.headers];
  };
  scope.get(/.*/).reply(function (uri, body) {
    return reply.call(this, uri, body, 'GET');
  });
  scope.post(/.*/).reply(function (uri, body) {
    return reply.call(this, uri, body, 'POST');
  });
  return scope;
}
