// Zod as Fastify's validator and the source of the OpenAPI document, through fastify-type-provider-zod: routes declare zod schemas, requests are parsed by them, @fastify/swagger gets their JSON Schema.
import type { FastifyInstance, FastifyReply, FastifyRequest, FastifySchema } from 'fastify';
import { createJsonSchemaTransform, validatorCompiler } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import type { AuthRule } from './auth.ts';

/**
 * Installs the library's zod validator (the parsed value, defaults applied, replaces the raw input) and
 * JSON.stringify as the serializer. Answers are not re-parsed by their schemas on the way out (the library's
 * serializer would): they are built from typed values, and a push or a tracking call should not pay for it.
 */
export function installZodCompilers(app: FastifyInstance): void {
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(() => (data: unknown) => JSON.stringify(data));
}

/** @fastify/swagger's `transform`: the zod schemas of a route become JSON Schema (input side for requests, output side for answers). */
export const zodToOpenApi = createJsonSchemaTransform({ skipList: [], zodToJsonConfig: { unrepresentable: 'any' } });

type Out<T> = T extends z.ZodType ? z.output<T> : unknown;

/** A request whose body, query and params are the parsed outputs of the route's schemas. */
export type ZodRequest<B, Q, P> = Omit<FastifyRequest, 'body' | 'query' | 'params'> & { body: Out<B>; query: Out<Q>; params: Out<P> };

/** One route: method, URL, who may call it, schemas, documentation and the handler. */
export interface ZodRoute<B extends z.ZodType | undefined, Q extends z.ZodType | undefined, P extends z.ZodType | undefined> {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  auth: AuthRule;
  summary: string;
  tags: string[];
  description?: string;
  body?: B;
  querystring?: Q;
  params?: P;
  /** Answer schemas by status, for the document. */
  response?: Record<number, z.ZodType>;
  /** Body limit of this route in bytes (default: the server's). */
  bodyLimit?: number;
  handler: (request: ZodRequest<B, Q, P>, reply: FastifyReply) => Promise<unknown>;
}

/** Registers a route described by zod schemas. */
export function zodRoute<
  B extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
  P extends z.ZodType | undefined = undefined,
>(app: FastifyInstance, route: ZodRoute<B, Q, P>): void {
  const schema: Record<string, unknown> = { summary: route.summary, tags: route.tags };
  if (route.description) schema.description = route.description;
  if (route.body) schema.body = route.body;
  if (route.querystring) schema.querystring = route.querystring;
  if (route.params) schema.params = route.params;
  if (route.response) schema.response = route.response;
  if (route.auth !== 'none') schema.security = [{ bearer: [] }];
  app.route({
    method: route.method,
    url: route.url,
    schema: schema as FastifySchema,
    config: { auth: route.auth },
    ...(route.bodyLimit ? { bodyLimit: route.bodyLimit } : {}),
    handler: (request, reply) => route.handler(request as unknown as ZodRequest<B, Q, P>, reply),
  });
}
