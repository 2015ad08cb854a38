import { inject } from 'vitest';

export interface TestStack {
  /** `mail`: MailDev's web inbox (GET /api/email lists what the app sent). */
  urls: { app: string; supabase: string; qstash: string; aimharder: string; mail?: string; push?: string };
  env: Record<string, string>;
  /** dev/push's certificate, to reach its control API over https. */
  pushCertificate?: string;
}

/** The running stack started by the global setup (URLs and the env the app runs with). */
export function getTestStack(): TestStack {
  return JSON.parse(inject('stack')) as TestStack;
}
