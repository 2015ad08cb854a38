import { expect, test } from 'vitest';
import { redact } from './logger';

test('secrets are redacted at any depth before logging', () => {
  const redacted = JSON.stringify(
    redact({ prebookingId: 'p1', password: 'hunter2', nested: { amhrdrauth: 'c00kie', list: [{ sessionCiphertext: 'v1.x', ok: 1 }] }, headers: { Authorization: 'Bearer t' } }),
  );
  for (const secret of ['hunter2', 'c00kie', 'v1.x', 'Bearer t']) expect(redacted).not.toContain(secret);
  expect(redacted).toContain('p1');
});
