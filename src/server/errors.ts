import type { FastifyError, FastifyInstance } from "fastify";
import { InputError } from "../io/errors.js";

/** A failure the client caused or can act on (503: no database); its message is shown as is. */
export class HttpError extends Error {
  constructor(readonly statusCode: number, message: string) {
    super(message);
    this.name = "HttpError";
  }
}

/**
 * Every failure leaves as `{error: "one line"}`: 4xx with the reason when the request was at
 * fault, 500 with a fixed text otherwise. A stack or an internal message never reaches a client;
 * the log keeps the details.
 */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    const status = statusOf(err);
    if (err instanceof HttpError) return reply.status(status).send({ error: oneLine(err.message) });
    if (status >= 500) {
      request.log.error({ err }, "request failed");
      return reply.status(status).send({ error: "internal error: the request could not be completed" });
    }
    if (err.code === "FST_ERR_CTP_INVALID_MEDIA_TYPE") {
      return reply.status(415).send({ error: `content type ${oneLine(request.headers["content-type"] ?? "(none)")} is not accepted here; see /api/openapi.json` });
    }
    return reply.status(status).send({ error: oneLine(err.message) });
  });
  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send({ error: `not found: ${request.method} ${oneLine(request.url.split("?")[0])}` });
  });
}

function statusOf(err: FastifyError): number {
  if (err instanceof InputError) return 400;
  if (err.validation) return 400;
  const status = err.statusCode ?? 500;
  return status >= 400 && status < 600 ? status : 500;
}

function oneLine(message: string): string {
  const line = (message || "bad request").split("\n")[0].trim();
  return line.length > 300 ? `${line.slice(0, 297)}…` : line;
}
