import { expect, test } from 'vitest';
import { pushStrings } from './push-texts';

// The goals page hands these to the push card as props: React can send plain data only.
test.each(['en', 'es'] as const)('the push card’s fixed wording in %s is plain data a server page can pass to the browser', (locale) => {
  expect(() => structuredClone(pushStrings(locale))).not.toThrow();
});
