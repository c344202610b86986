import type { FastifyInstance, FastifyReply, FastifyRequest, HTTPMethods } from "fastify";
import { z } from "zod";
import { HttpError } from "./errors.js";

type JsonSchema = Record<string, unknown>;

export interface ResponseDoc {
  description: string;
  /** Registered under `name` in components.schemas and referenced from there. */
  schema?: { name: string; zod: z.ZodType };
  contentType?: string;
}

export interface RouteDef<P extends z.ZodObject = z.ZodObject, Q extends z.ZodObject = z.ZodObject> {
  method: Extract<HTTPMethods, "GET" | "POST" | "PUT" | "DELETE" | "PATCH">;
  /** fastify syntax: /api/articles/:id */
  url: string;
  summary: string;
  description?: string;
  tag: string;
  params?: P;
  query?: Q;
  /** Accepted request bodies by content type, each validated by its schema; others get a 415. */
  body?: Record<string, { schema: z.ZodType; description?: string }>;
  bodyLimit?: number;
  responses: Record<number, ResponseDoc>;
  handler: (
    request: FastifyRequest<{ Params: z.output<P>; Querystring: z.output<Q>; Body: unknown }>,
    reply: FastifyReply,
  ) => Promise<unknown>;
}

/**
 * Registers routes and writes the OpenAPI document from the same definitions, so what is
 * validated and what is documented cannot drift apart. Request schemas are zod, turned into
 * draft-07 JSON Schema for fastify's ajv; response schemas are only documented (fastify would
 * otherwise use them to serialize, silently dropping fields the schema does not name).
 */
export class Api {
  private readonly paths: Record<string, Record<string, unknown>> = {};
  private readonly components = z.registry<{ id: string }>();

  constructor(private readonly app: FastifyInstance) {}

  route<P extends z.ZodObject, Q extends z.ZodObject>(def: RouteDef<P, Q>): void {
    const schema: Record<string, unknown> = {};
    if (def.params) schema.params = requestSchema(def.params);
    if (def.query) schema.querystring = requestSchema(def.query);
    if (def.body) {
      schema.body = {
        content: Object.fromEntries(Object.entries(def.body).map(([type, b]) => [type, { schema: requestSchema(b.schema) }])),
      };
    }
    const accepted = def.body ? Object.keys(def.body) : [];
    this.app.route({
      method: def.method,
      url: def.url,
      schema,
      bodyLimit: def.bodyLimit,
      // fastify parses every content type it has a parser for; a route takes only those it documents.
      preValidation: async (request) => {
        const type = (request.headers["content-type"] ?? "").split(";")[0].trim().toLowerCase();
        if (accepted.length && !accepted.includes(type)) {
          throw new HttpError(415, `content type ${type || "(none)"} is not accepted here; send ${accepted.join(", ")}`);
        }
      },
      handler: def.handler as (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>,
    });
    this.document(def);
  }

  /** The OpenAPI 3.1 document of every route registered so far. */
  openapi(info: { title: string; version: string; description: string }): JsonSchema {
    const { schemas } = z.toJSONSchema(this.components, { target: "draft-2020-12", uri: (id) => `#/components/schemas/${id}` });
    const clean = Object.fromEntries(Object.entries(schemas).map(([name, s]) => [name, stripIds(s as JsonSchema)]));
    return { openapi: "3.1.0", info, paths: this.paths, components: { schemas: clean } };
  }

  private document(def: RouteDef<z.ZodObject, z.ZodObject>): void {
    const path = def.url.replace(/:(\w+)/g, "{$1}");
    const parameters = [
      ...parametersOf(def.params, "path"),
      ...parametersOf(def.query, "query"),
    ];
    const responses = Object.fromEntries(
      Object.entries(def.responses).map(([status, r]) => {
        if (!r.schema) return [status, { description: r.description }];
        if (!this.components.has(r.schema.zod)) this.components.add(r.schema.zod, { id: r.schema.name });
        const ref = { $ref: `#/components/schemas/${this.components.get(r.schema.zod)!.id}` };
        return [status, { description: r.description, content: { [r.contentType ?? "application/json"]: { schema: ref } } }];
      }),
    );
    const operation: Record<string, unknown> = { summary: def.summary, tags: [def.tag], responses };
    if (def.description) operation.description = def.description;
    if (parameters.length) operation.parameters = parameters;
    if (def.body) {
      operation.requestBody = {
        required: true,
        content: Object.fromEntries(
          Object.entries(def.body).map(([type, b]) => [type, { schema: documentSchema(b.schema), ...(b.description ? { description: b.description } : {}) }]),
        ),
      };
    }
    (this.paths[path] ??= {})[def.method.toLowerCase()] = operation;
  }
}

/** What ajv validates: the input side of the schema (defaults not yet applied, so optional). */
function requestSchema(schema: z.ZodType): JsonSchema {
  return stripIds(z.toJSONSchema(schema, { target: "draft-7", io: "input" }) as JsonSchema);
}

function documentSchema(schema: z.ZodType): JsonSchema {
  return stripIds(z.toJSONSchema(schema, { target: "draft-2020-12", io: "input" }) as JsonSchema);
}

function parametersOf(schema: z.ZodObject | undefined, where: "path" | "query"): JsonSchema[] {
  if (!schema) return [];
  const json = documentSchema(schema) as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, s]) => {
    const { description, ...rest } = s;
    const required = where === "path" || (json.required ?? []).includes(name);
    return { name, in: where, required, schema: rest, ...(description ? { description } : {}) };
  });
}

function stripIds(schema: JsonSchema): JsonSchema {
  const { $schema: _s, $id: _i, ...rest } = schema;
  return rest;
}
