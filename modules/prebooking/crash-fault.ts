/**
 * Test-only crash points for the reliability suite (tests/reliability/crash-after-booking.test.ts).
 * A serverless function can be killed at any instruction; the worst moment is right after
 * AimHarder accepted a booking and before the outcome is stored, so that is where a real process
 * death is injected, to prove the redelivery reconciles instead of booking twice.
 *
 * Read straight from process.env rather than the env schema: it is not configuration, and it must
 * be impossible to switch on in a deployment. NODE_ENV=production (next build/start, Vercel)
 * ignores it; Next inlines NODE_ENV there, so the kill below is dead code in a production build.
 */
export type CrashPoint = 'after-booked' | 'after-alternative-booked';

export function crashIfInjected(point: CrashPoint): void {
  if (process.env.NODE_ENV === 'production') return;
  const faults = process.env.PREBOOKER_FAULTS;
  if (!faults) return;
  if (!faults.split(',').some((fault) => fault.trim() === `crash-${point}`)) return;
  // SIGKILL, not process.exit: no exit handlers, no flushed writes, as when a platform kills it.
  process.kill(process.pid, 'SIGKILL');
}
