/**
 * One structured JSON line per event. Values under keys that look like secrets are replaced
 * before anything is written, so a careless `logger.info('x', { password })` cannot leak.
 */
type Level = 'debug' | 'info' | 'warn' | 'error';
const LEVEL_ORDER: Record<Level | 'silent', number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

const SECRET_KEY_PATTERN = /pass(word)?|pw$|secret|token|cookie|authorization|amhrdrauth|session|signature|ciphertext|api[-_]?key/i;

export function redact(value: unknown, depth = 0): unknown {
  if (depth > 6) return '[depth]';
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([key, item]) => [
        key,
        SECRET_KEY_PATTERN.test(key) && item !== null && item !== undefined ? '[redacted]' : redact(item, depth + 1),
      ]),
    );
  }
  return value;
}

function currentThreshold(): number {
  const configured = (process.env.LOG_LEVEL ?? (process.env.NODE_ENV === 'test' ? 'warn' : 'info')) as Level | 'silent';
  return LEVEL_ORDER[configured] ?? LEVEL_ORDER.info;
}

function write(level: Level, message: string, data?: Record<string, unknown>): void {
  if (LEVEL_ORDER[level] < currentThreshold()) return;
  const line = JSON.stringify({ level, time: new Date().toISOString(), msg: message, ...(data ? (redact(data) as object) : {}) });
  if (level === 'error' || level === 'warn') process.stderr.write(`${line}\n`);
  else process.stdout.write(`${line}\n`);
}

export interface Logger {
  debug(message: string, data?: Record<string, unknown>): void;
  info(message: string, data?: Record<string, unknown>): void;
  warn(message: string, data?: Record<string, unknown>): void;
  error(message: string, data?: Record<string, unknown>): void;
}

export const logger: Logger = {
  debug: (message, data) => write('debug', message, data),
  info: (message, data) => write('info', message, data),
  warn: (message, data) => write('warn', message, data),
  error: (message, data) => write('error', message, data),
};
