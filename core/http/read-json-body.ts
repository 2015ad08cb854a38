import type { z } from 'zod';
import { AppError } from './app-error';
import { validationError } from './error-response';
import { assertJsonContentType } from './same-origin';

const DEFAULT_LIMIT_BYTES = 64 * 1024;

/**
 * Reads a request body as JSON and validates it: an oversized body is 413, a non-empty body not
 * labelled JSON is 415, malformed JSON and schema failures are 400 with a message; nothing is
 * processed before this passes.
 */
export async function readJsonBody<T extends z.ZodType>(request: Request, schema: T, limitBytes = DEFAULT_LIMIT_BYTES): Promise<z.infer<T>> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > limitBytes) {
    throw new AppError({ code: 'payload_too_large', message: `The request body is larger than ${limitBytes} bytes.` });
  }
  const text = await request.text();
  if (Buffer.byteLength(text) > limitBytes) {
    throw new AppError({ code: 'payload_too_large', message: `The request body is larger than ${limitBytes} bytes.` });
  }
  if (text.length > 0) assertJsonContentType(request);
  let json: unknown;
  try {
    json = text.length === 0 ? undefined : JSON.parse(text);
  } catch {
    throw new AppError({ code: 'validation', message: 'The request body is not valid JSON.' });
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw validationError(parsed.error);
  return parsed.data;
}
