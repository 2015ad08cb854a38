import type { z } from 'zod';
import { validationError } from './error-response';

/** Validates a URL's query string (single values only) against a schema; 400 on failure. */
export function parseQuery<T extends z.ZodType>(url: string, schema: T): z.infer<T> {
  const params = Object.fromEntries(new URL(url).searchParams.entries());
  const parsed = schema.safeParse(params);
  if (!parsed.success) throw validationError(parsed.error, 'Invalid query.');
  return parsed.data;
}
