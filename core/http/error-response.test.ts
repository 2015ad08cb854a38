import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { AppError, APP_ERROR_STATUS } from './app-error';
import { errorResponse, validationError } from './error-response';

describe('error responses', () => {
  test('every code maps to its status and the one JSON shape', async () => {
    for (const [code, status] of Object.entries(APP_ERROR_STATUS)) {
      const response = errorResponse(new AppError({ code: code as keyof typeof APP_ERROR_STATUS, message: `m-${code}`, reason: 'r' }));
      expect(response.status).toBe(status);
      expect(await response.json()).toEqual({ error: { code, message: `m-${code}`, reason: 'r' } });
    }
  });

  test('an unexpected error becomes a 500 that leaks nothing of the cause', async () => {
    const response = errorResponse(new Error('password=hunter2 at db'));
    expect(response.status).toBe(500);
    expect(JSON.stringify(await response.json())).not.toContain('hunter2');
  });

  test('zod failures become a validation error naming each field', () => {
    const result = z.object({ day: z.string().min(3), boxId: z.number() }).safeParse({ day: 'x' });
    const error = validationError(result.error!);
    expect(error.code).toBe('validation');
    expect(Object.keys(error.fields ?? {})).toEqual(['day', 'boxId']);
    expect(error.message).toMatch(/day: .*boxId: /);
  });
});
