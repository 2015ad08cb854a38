import { describe, expect, test } from 'vitest';
import { EnvError, parseEnv } from './env';
import { LOCAL_DEFAULTS } from './local-defaults';

describe('parseEnv', () => {
  test('outside production, an empty environment falls back to the local stand-ins', () => {
    const env = parseEnv({ NODE_ENV: 'development' });
    expect(env.SUPABASE_URL).toBe(LOCAL_DEFAULTS.SUPABASE_URL);
    expect(env.PREBOOKING_LEAD_MS).toBe(3000);
    expect(env.ADMIN_EMAILS).toEqual(['admin@prebooker.local']);
  });

  test('in production every missing variable is named', () => {
    let error: unknown;
    try {
      parseEnv({ NODE_ENV: 'production' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(EnvError);
    const message = (error as EnvError).message;
    for (const name of ['APP_BASE_URL', 'SUPABASE_SECRET_KEY', 'DATABASE_URL', 'QSTASH_TOKEN', 'CREDENTIALS_ENCRYPTION_KEY', 'SESSION_SECRET']) {
      expect(message).toContain(`${name} is missing`);
    }
  });

  test('malformed values are rejected with the variable and the reason', () => {
    expect(() => parseEnv({ ...LOCAL_DEFAULTS, NODE_ENV: 'production', CREDENTIALS_ENCRYPTION_KEY: 'short' })).toThrow(/CREDENTIALS_ENCRYPTION_KEY must be 32 bytes/);
    expect(() => parseEnv({ NODE_ENV: 'development', PREBOOKING_LEAD_MS: '-5' })).toThrow(/PREBOOKING_LEAD_MS/);
    expect(() => parseEnv({ NODE_ENV: 'development', APP_BASE_URL: 'ftp://x' })).toThrow(/APP_BASE_URL/);
    expect(() => parseEnv({ NODE_ENV: 'development', DATABASE_URL: 'https://db.example.com' })).toThrow(/DATABASE_URL must be a postgres:\/\/ URL/);
    expect(() => parseEnv({ NODE_ENV: 'development', AIMHARDER_BOX_BASE_URL_TEMPLATE: 'https://box.example.com' })).toThrow(/\{box\}/);
  });

  test('SMTP_URL=off sends no email, even locally where an empty value means MailDev', () => {
    expect(parseEnv({ NODE_ENV: 'development', SMTP_URL: '' }).SMTP_URL).toBe(LOCAL_DEFAULTS.SMTP_URL);
    expect(parseEnv({ NODE_ENV: 'development', SMTP_URL: 'off' }).SMTP_URL).toBeUndefined();
    expect(parseEnv({ ...LOCAL_DEFAULTS, NODE_ENV: 'production', SMTP_URL: 'off' }).SMTP_URL).toBeUndefined();
    expect(() => parseEnv({ NODE_ENV: 'development', SMTP_URL: 'of' })).toThrow(/SMTP_URL must be an smtp/);
  });

  test('production refuses to start with QSTASH_DEV set (the SDK would trust its public dev keys)', () => {
    const production = { ...LOCAL_DEFAULTS, NODE_ENV: 'production', APP_BASE_URL: 'https://prebooker.example.com' };
    for (const value of ['true', '1']) expect(() => parseEnv({ ...production, QSTASH_DEV: value })).toThrow(/QSTASH_DEV must not be set in production/);
    expect(parseEnv({ ...production, QSTASH_DEV: 'false' }).APP_BASE_URL).toBe('https://prebooker.example.com');
    // Locally the dev stand-ins may use it.
    expect(parseEnv({ NODE_ENV: 'development', QSTASH_DEV: 'true' }).QSTASH_URL).toBe(LOCAL_DEFAULTS.QSTASH_URL);
  });

  test('a complete production environment parses', () => {
    const env = parseEnv({ ...PRODUCTION_LIKE, APP_BASE_URL: 'https://prebooker.example.com/', ADMIN_EMAILS: ' Boss@Example.com , ' });
    expect(env.APP_BASE_URL).toBe('https://prebooker.example.com');
    expect(env.ADMIN_EMAILS).toEqual(['boss@example.com']);
  });

  test('VAPID keys are checked for their length and the subject for its form', () => {
    expect(() => parseEnv({ ...PRODUCTION_LIKE, VAPID_PUBLIC_KEY: 'too-short' })).toThrow(/VAPID_PUBLIC_KEY must be 65 bytes encoded as base64url/);
    expect(() => parseEnv({ ...PRODUCTION_LIKE, VAPID_PRIVATE_KEY: 'a+b/' })).toThrow(/VAPID_PRIVATE_KEY must be base64url/);
    expect(() => parseEnv({ ...PRODUCTION_LIKE, VAPID_SUBJECT: 'admin@example.com' })).toThrow(/VAPID_SUBJECT must be a mailto: address or an https: URL/);
    expect(() => parseEnv({ NODE_ENV: 'production' })).toThrow(/VAPID_PUBLIC_KEY is missing/);
  });

  test('the local push stand-in cannot be allowed through the SSRF guard in production', () => {
    expect(() => parseEnv({ ...PRODUCTION_LIKE, PUSH_DEV_SERVICE_ORIGIN: 'https://127.0.0.1:8070' })).toThrow(/PUSH_DEV_SERVICE_ORIGIN must not be set in production/);
    expect(parseEnv({ PUSH_DEV_SERVICE_ORIGIN: 'https://127.0.0.1:8070/' }).PUSH_DEV_SERVICE_ORIGIN).toBe('https://127.0.0.1:8070');
    expect(parseEnv({}).PUSH_DEV_SERVICE_ORIGIN).toBeUndefined();
  });
});

const PRODUCTION_LIKE: Record<string, string> = { ...LOCAL_DEFAULTS, NODE_ENV: 'production' };
