import { describe, expect, test, vi } from 'vitest';
import { z } from 'zod';
import { AppError, APP_ERROR_STATUS } from './app-error';
import { databaseError } from '../database/database-error';
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

  test('a database failure is logged with its error code, not its row details', () => {
    const written: string[] = [];
    vi.stubEnv('LOG_LEVEL', 'error');
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
    try {
      const cause = Object.assign(new Error('canceling statement due to lock timeout'), { code: '55P03', details: 'Key (email)=(ana@example.com)' });
      expect(errorResponse(databaseError('check sign-in attempts', cause)).status).toBe(503);
    } finally {
      spy.mockRestore();
      vi.unstubAllEnvs();
    }
    const line = written.find((entry) => entry.includes('request failed'));
    expect(line).toContain('canceling statement due to lock timeout [55P03]');
    expect(line).not.toContain('ana@example.com');
  });

  test('zod failures become a validation error naming each field', () => {
    const result = z.object({ day: z.string().min(3), boxId: z.number() }).safeParse({ day: 'x' });
    const error = validationError(result.error!);
    expect(error.code).toBe('validation');
    expect(Object.keys(error.fields ?? {})).toEqual(['day', 'boxId']);
    expect(error.message).toMatch(/day: .*boxId: /);
  });
});
