import { expect, test } from 'vitest';
import { goalsStrings } from './goals-texts';

// The goals page hands these to client components as props: React can send plain data only, and a
// function among them made the page answer 500 (wording built from values belongs in goals-phrases).
test.each(['en', 'es'] as const)('the goals page’s fixed wording in %s is plain data a server page can pass to the browser', (locale) => {
  expect(() => structuredClone(goalsStrings(locale))).not.toThrow();
});
