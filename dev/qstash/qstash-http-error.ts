import type { ServerResponse } from 'node:http';

/**
 * The one error type route handlers throw; the server turns it into `{"error": "..."}` with its
 * status, which is the shape the real QStash API uses and the SDK surfaces as `QstashError`.
 */
export class QStashHttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'QStashHttpError';
  }
}

export function badRequest(message: string): QStashHttpError {
  return new QStashHttpError(400, message);
}

export function notFound(message: string): QStashHttpError {
  return new QStashHttpError(404, message);
}

export function notImplemented(feature: string): QStashHttpError {
  return new QStashHttpError(
    501,
    `${feature} is not supported by the local dev/qstash server (Prebooker does not use it); use Upstash QStash for this feature`,
  );
}

export function sendJson(res: ServerResponse, status: number, payload: unknown): void {
  const body = JSON.stringify(payload);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

export function sendError(res: ServerResponse, status: number, message: string): void {
  sendJson(res, status, { error: message });
}
