/**
 * The caller's address for throttling. On Vercel the platform sets x-forwarded-for (first entry
 * is the client); locally there is none and every caller is "local".
 */
export function clientAddress(request: Request): string {
  const forwarded = request.headers.get('x-forwarded-for');
  const first = forwarded?.split(',')[0]?.trim();
  return first || request.headers.get('x-real-ip') || 'local';
}
