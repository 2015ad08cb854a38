import { z } from 'zod';
import { LOCAL_DEFAULTS } from './local-defaults';

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);
const nonNegativeInt = (fallback: number) => z.coerce.number().int().min(0).default(fallback);
const base64UrlBytes = (length: number) =>
  z.string().regex(/^[A-Za-z0-9_-]+$/, 'must be base64url').refine((value) => Buffer.from(value, 'base64url').length === length, `must be ${length} bytes encoded as base64url`);
const httpUrl = z.url({ protocol: /^https?$/, message: 'must be an absolute http(s) URL' });

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  /** Public base URL of this app: QStash delivers to `${APP_BASE_URL}/api/qstash/...`. */
  APP_BASE_URL: httpUrl.transform((url) => url.replace(/\/+$/, '')),
  /**
   * Base URL of the links members follow (outcome emails, calendar feed); defaults to APP_BASE_URL.
   * Locally the host the browser uses (localhost): a 127.0.0.1 link did not carry its session cookie.
   */
  APP_LINK_BASE_URL: httpUrl.transform((url) => url.replace(/\/+$/, '')).optional(),
  SUPABASE_URL: httpUrl,
  SUPABASE_PUBLISHABLE_KEY: z.string().min(10),
  SUPABASE_SECRET_KEY: z.string().min(10),
  /**
   * Direct PostgreSQL connection for an execution's claim and its recording of the fire and the
   * outcome, as the `prebooker_executor` role
   * (Supabase: the pooler's transaction-mode string, port 6543). Server-only, like the secret key.
   */
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, message: 'must be a postgres:// URL' }),
  QSTASH_URL: httpUrl.transform((url) => url.replace(/\/+$/, '')),
  QSTASH_TOKEN: z.string().min(10),
  QSTASH_CURRENT_SIGNING_KEY: z.string().min(10),
  QSTASH_NEXT_SIGNING_KEY: z.string().min(10),
  /** 32 bytes, base64: encrypts AimHarder passwords and sessions at rest (AES-256-GCM). */
  CREDENTIALS_ENCRYPTION_KEY: z
    .string()
    .refine((value) => Buffer.from(value, 'base64').length === 32, 'must be 32 bytes encoded as base64'),
  /** Signs the session cookie (HS256); at least 32 characters. */
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters'),
  AIMHARDER_LOGIN_BASE_URL: httpUrl.transform((url) => url.replace(/\/+$/, '')),
  AIMHARDER_MAIN_BASE_URL: httpUrl.transform((url) => url.replace(/\/+$/, '')),
  AIMHARDER_BOX_BASE_URL_TEMPLATE: z
    .string()
    .refine((value) => value.includes('{box}') && /^https?:\/\//.test(value), 'must be an http(s) URL containing {box}'),
  /** Optional outbound proxy for AimHarder, which blocks many non-Spanish datacenter IPs. */
  AIMHARDER_PROXY_URL: z.preprocess((v) => (v === '' ? undefined : v), httpUrl.optional()),
  AIMHARDER_TIMEOUT_MS: positiveInt(10_000),
  ADMIN_EMAILS: z
    .string()
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((email) => email.trim().toLowerCase())
        .filter(Boolean),
    ),
  /** How long before the opening instant QStash delivers; used to claim, check the session and send the held request. */
  PREBOOKING_LEAD_MS: positiveInt(3_000),
  /**
   * Extra lead per other prebooking firing in the same second, up to PREBOOKING_CROWD_LEAD_MAX_MS:
   * a crowded instant is delivered spread out ahead of it, so every execution has claimed, signed
   * in and sent its held request by the opening however many share one machine (see BENCHMARKS.md).
   */
  PREBOOKING_CROWD_LEAD_MS: nonNegativeInt(25),
  PREBOOKING_CROWD_LEAD_MAX_MS: nonNegativeInt(25_000),
  /** After a too-early answer (clock skew), keep retrying for this long... */
  PREBOOKING_TOO_EARLY_RETRY_WINDOW_MS: nonNegativeInt(3_000),
  /** ...this often. */
  PREBOOKING_TOO_EARLY_RETRY_INTERVAL_MS: positiveInt(50),
  /** Gap between members targeting the same class and instant (first created, first sent). */
  PREBOOKING_SAME_CLASS_SPACING_MS: nonNegativeInt(3),
  /** QStash retries per prebooking message (transient failures). */
  PREBOOKING_QSTASH_RETRIES: nonNegativeInt(3),
  /** How long an execution owns a claimed prebooking before a redelivery may reconcile it. */
  PREBOOKING_LEASE_MS: positiveInt(75_000),
  /**
   * How long before firing the cancel window closes (the executor commits to fire). Longer than
   * the lead, so a delivery commits in the same statement that claims it: a separate commit write
   * just before the opening queued up behind every other prebooking of that instant (60 of them
   * fired up to 185 ms late on the local stack) — see BENCHMARKS.md.
   */
  PREBOOKING_FIRE_COMMIT_MS: positiveInt(5_000),
  /**
   * How long before the fire instant the booking request goes out with its last byte held back
   * (released at the instant); 0 sends it whole at the instant. It covers building the request
   * (~0.4 ms of one core each: a thousand sharing an instant took 430 ms to send when this was 300)
   * and, since there is no separate warm-up any more, opening the connection. Servers wait far
   * longer than this for a request body (nginx 60 s, Apache's mod_reqtimeout 20 s).
   */
  PREBOOKING_FIRE_HOLD_MS: nonNegativeInt(1_500),
  /**
   * Release by arrival (issue 16): with a trusted estimate of the box's clock, the booking request
   * is let go at opening − offset − latency + uncertainty + this margin. `off` fires by our own clock.
   */
  PREBOOKING_ARRIVAL_MARGIN_MS: nonNegativeInt(2),
  PREBOOKING_BOX_CLOCK: z.enum(['on', 'off']).default('on'),
  /** `direct`: publish at creation. `armed`: the sweep publishes shortly before (free tier). */
  PREBOOKING_SCHEDULING: z.enum(['direct', 'armed']).default('direct'),
  PREBOOKING_SWEEP_CRON: z.string().default('*/5 * * * *'),
  /** Minutes between sweeps, matching PREBOOKING_SWEEP_CRON; `armed` mode arms two intervals ahead. */
  PREBOOKING_SWEEP_INTERVAL_MINUTES: positiveInt(5),
  /**
   * Outcome emails go through this SMTP server (`smtp://user:pass@host:587`, `smtps://…`); unset or
   * `off` = no email. `off` is the only way to say so locally, where an unset value means MailDev.
   */
  SMTP_URL: z.preprocess((v) => (v === '' || v === 'off' ? undefined : v), z.url({ protocol: /^smtps?$/, message: 'must be an smtp:// or smtps:// URL' }).optional()),
  /** The From of outcome emails, e.g. `Prebooker <no-reply@example.com>`. */
  MAIL_FROM: z.string().min(3).default('Prebooker <no-reply@prebooker.local>'),
  /** QStash retries of one outcome-email message (SMTP down → 5xx → retried with backoff). */
  NOTIFICATIONS_QSTASH_RETRIES: nonNegativeInt(5),
  /**
   * Web push (VAPID, RFC 8292): the P-256 key pair that signs every push (public: 65 bytes, private:
   * 32 bytes, both base64url; `npx web-push generate-vapid-keys`) and the contact the push services
   * see (`mailto:` or `https:`). The public key is also handed to browsers to subscribe.
   */
  VAPID_PUBLIC_KEY: base64UrlBytes(65),
  VAPID_PRIVATE_KEY: base64UrlBytes(32),
  VAPID_SUBJECT: z.string().regex(/^(mailto:[^\s@]+@[^\s@]+|https:\/\/\S+)$/, 'must be a mailto: address or an https: URL'),
  /**
   * Local only: the origin of the push-service stand-in (dev/push). Subscriptions to it may be plain
   * http on a loopback address; everywhere else only https endpoints on public addresses are accepted.
   */
  PUSH_DEV_SERVICE_ORIGIN: z.preprocess((v) => (v === '' ? undefined : v), httpUrl.transform((url) => new URL(url).origin).optional()),
  /** QStash retries of one push message (push service 5xx → retried with backoff). */
  PUSH_QSTASH_RETRIES: nonNegativeInt(5),
  /** How many devices a member may turn push on for. */
  PUSH_MAX_DEVICES: positiveInt(10),
  /** Goals create prebookings for classes whose booking opens within this many hours. */
  GOALS_HORIZON_HOURS: positiveInt(48),
  /** When the daily goals run fires (QStash cron, with its CRON_TZ prefix). */
  GOALS_MATERIALIZE_CRON: z.string().default('CRON_TZ=Europe/Madrid 5 0 * * *'),
  /** Minutes before its fire instant a prebooking's pre-flight check runs (at once when created later); 0 = off. */
  PREFLIGHT_LEAD_MINUTES: nonNegativeInt(15),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
});

export type Env = z.infer<typeof envSchema>;

export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'EnvError';
  }
}

/**
 * Parses a raw environment. Outside production every missing variable falls back to the local
 * stand-ins (so `npm run dev` needs no `.env`); in production a missing or malformed variable is
 * an error naming each bad variable.
 */
export function parseEnv(raw: Record<string, string | undefined>): Env {
  const isProduction = raw.NODE_ENV === 'production' && raw.PREBOOKER_ALLOW_LOCAL_DEFAULTS !== 'true';
  const input: Record<string, string | undefined> = isProduction ? { ...raw } : { ...LOCAL_DEFAULTS, ...pickDefined(raw) };
  // The SDK's dev mode trusts its published signing keys and talks to a local server: a
  // deployment with QSTASH_DEV set would accept deliveries anyone can sign.
  if (isProduction && raw.QSTASH_DEV !== undefined && !['', '0', 'false'].includes(raw.QSTASH_DEV)) {
    throw new EnvError(['QSTASH_DEV must not be set in production (the QStash SDK would trust its public dev signing keys)']);
  }
  const result = envSchema.safeParse(input);
  if (result.success && isProduction && result.data.PUSH_DEV_SERVICE_ORIGIN) {
    // The SSRF guard's one exception (a loopback push service) must not exist in production.
    throw new EnvError(['PUSH_DEV_SERVICE_ORIGIN must not be set in production (it is the local push stand-in)']);
  }
  if (!result.success) {
    throw new EnvError(
      result.error.issues.map((issue) => {
        const name = issue.path.join('.');
        return input[name] === undefined ? `${name} is missing` : `${name} ${issue.message}`;
      }),
    );
  }
  return result.data;
}

function pickDefined(raw: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(raw).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== ''));
}

let cached: Env | undefined;

/**
 * The validated environment, parsed on first use so that importing a module never throws
 * (Next imports route modules at build time, before the deployment's variables exist).
 */
export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** Tests that change process.env between cases call this to re-read it. */
export function resetEnvCache(): void {
  cached = undefined;
}
