import { inject } from 'vitest';

export interface TestStack {
  urls: { app: string; supabase: string; qstash: string; aimharder: string };
  env: Record<string, string>;
}

/** The running stack started by the global setup (URLs and the env the app runs with). */
export function getTestStack(): TestStack {
  return JSON.parse(inject('stack')) as TestStack;
}
