/**
 * Go's `textproto.CanonicalMIMEHeaderKey`: QStash stores and reports header names this way
 * (`x-test-header` → `X-Test-Header`). Names with characters outside the token set are returned
 * unchanged, as Go does.
 */
export function canonicalHeaderName(name: string): string {
  if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(name)) return name;
  let upper = true;
  let result = '';
  for (const char of name) {
    result += upper ? char.toUpperCase() : char.toLowerCase();
    upper = char === '-';
  }
  return result;
}
