// Zod as Fastify's validator and the source of the OpenAPI document: routes declare zod schemas, requests are parsed by them, and @fastify/swagger gets z.toJSONSchema of the same objects.
import { InvariantError } from '../runtime/errors.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest, FastifySchema } from 'fastify';
import { z } from 'zod';
import { ValidationError } from './errors.ts';
import type { AuthRule } from './auth.ts';

const PARTS: Record<string, string> = { body: 'body', querystring: 'query', params: 'params', headers: 'headers' };

function isZod(value: unknown): value is z.ZodType {
  return value instanceof z.ZodType;
}

/** Installs zod as the validator (the parsed value, defaults applied, replaces the raw input) and JSON.stringify as the serializer. */
export function installZodCompilers(app: FastifyInstance): void {
  app.setValidatorCompiler(({ schema, httpPart }) => {
    if (!isZod(schema)) throw new InvariantError(`route schema for ${httpPart ?? 'input'} is not a zod schema`);
    return (data: unknown) => {
      const result = schema.safeParse(data);
      if (result.success) return { value: result.data };
      const error = new ValidationError(result.error) as ValidationError & { validationContext?: string };
      error.validationContext = PARTS[httpPart ?? 'body'] ?? httpPart;
      return { error };
    };
  });
  app.setSerializerCompiler(() => (data: unknown) => JSON.stringify(data));
}

function toJsonSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const json = z.toJSONSchema(schema, { io, target: 'openapi-3.0', unrepresentable: 'any' }) as Record<string, unknown>;
  delete json.$schema;
  return json;
}

/** @fastify/swagger's `transform`: the zod schemas of a route become JSON Schema (input side for requests, output side for answers). */
export function zodToOpenApi({ schema, url }: { schema: FastifySchema; url: string }): { schema: FastifySchema; url: string } {
  if (!schema) return { schema, url };
  const out: Record<string, unknown> = { ...schema };
  for (const part of ['body', 'querystring', 'params', 'headers'] as const) {
    const value = (schema as Record<string, unknown>)[part];
    if (isZod(value)) out[part] = toJsonSchema(value, 'input');
  }
  const response = (schema as { response?: Record<string, unknown> }).response;
  if (response) {
    out.response = Object.fromEntries(
      Object.entries(response).map(([code, value]) => [code, isZod(value) ? toJsonSchema(value, 'output') : value]),
    );
  }
  return { schema: out as FastifySchema, url };
}

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
