/** Where `npm test` builds Next, apart from `npm run dev`'s `.next`. */
export const TEST_DIST_DIR = '.next-test';

/** Timing parameters the app runs with in tests: production defaults unless a test needs less. */
export const TEST_APP_TIMING: Record<string, string> = {
  PREBOOKING_LEAD_MS: '3000',
  PREBOOKING_LEASE_MS: '8000',
  PREBOOKING_QSTASH_RETRIES: '3',
};
