/**
 * Raw AimHarder payloads are logged when we cannot understand them. They may echo the refresh
 * token, cookies or a credential, so values under secret-looking keys and every known secret
 * string are removed, and the text is capped.
 */
const SECRET_KEY = /pass(word)?|^pw$|token|cookie|amhrdrauth|session|fingerprint|authorization|secret|^mail$|username|email/i;
const SECRET_PATTERNS: Array<[RegExp, string]> = [
  [/(amhrdrauth|PHPSESSID|AWSALB(?:CORS)?)=[^;\s"'&]+/gi, '$1=[redacted]'],
  [/((?:refresh)?token|fingerprint|pw|password)=[^&\s"']+/gi, '$1=[redacted]'],
  [/\b\d+\|\d{10}\|[0-9a-f]{16,}\b/gi, '[redacted]'], // refresh-token format <userId>|<unix time>|<hex>
];
const MAX_LOGGED_CHARS = 2_000;

function redactValue(value: unknown, depth: number): unknown {
  if (depth > 8) return '[depth]';
  if (Array.isArray(value)) return value.map((item) => redactValue(item, depth + 1));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([key, item]) => [
        key,
        SECRET_KEY.test(key) && item !== null && item !== undefined && item !== '' ? '[redacted]' : redactValue(item, depth + 1),
      ]),
    );
  }
  return value;
}

export function redactText(text: string, secrets: readonly string[] = []): string {
  let result = text;
  for (const secret of secrets) {
    if (secret.length >= 4) result = result.split(secret).join('[redacted]');
  }
  for (const [pattern, replacement] of SECRET_PATTERNS) result = result.replace(pattern, replacement);
  return result;
}

/** A loggable rendering of a raw response body (JSON redacted by key, then by known secrets). */
export function redactPayload(body: string, secrets: readonly string[] = []): string {
  let rendered = body;
  try {
    rendered = JSON.stringify(redactValue(JSON.parse(body), 0));
  } catch {
    // Not JSON (an HTML error page): only the string-level redaction applies.
  }
  const redacted = redactText(rendered, secrets);
  return redacted.length > MAX_LOGGED_CHARS ? `${redacted.slice(0, MAX_LOGGED_CHARS)}… [${redacted.length - MAX_LOGGED_CHARS} more chars]` : redacted;
}
