import { Client } from '@upstash/qstash';
import { delay, http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { createQStashPublisher } from './qstash-publisher';

const QSTASH = 'https://qstash.hung.test';
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const client = new Client({ baseUrl: QSTASH, token: 'test-token-0123456789', enableTelemetry: false, devMode: false, retry: false });

describe('a QStash that accepts the connection and never answers', () => {
  const publisher = createQStashPublisher(client, { timeoutMs: 300 });

  test.each([
    ['publish', () => publisher.publishDelayedJson({ destinationUrl: 'https://app.test/api/qstash/x', body: {}, notBeforeMs: Date.now(), deduplicationId: 'd', retries: 0 })],
    ['cancel', () => publisher.cancelMessage('msg_1')],
    ['schedule', () => publisher.ensureSchedule({ scheduleId: 's', destinationUrl: 'https://app.test/api/qstash/x', cron: '* * * * *' })],
  ])('%s gives up at the deadline with upstream_unavailable', async (_name, call) => {
    server.use(http.all(`${QSTASH}/*`, async () => {
      await delay('infinite');
      return HttpResponse.json({});
    }));
    await expect(call()).rejects.toMatchObject({ code: 'upstream_unavailable' });
  });
});

test('an answering QStash is unaffected by the deadline', async () => {
  server.use(http.post(`${QSTASH}/v2/publish/*`, () => HttpResponse.json({ messageId: 'msg_ok' })));
  const result = await createQStashPublisher(client, { timeoutMs: 300 }).publishDelayedJson({
    destinationUrl: 'https://app.test/api/qstash/x',
    body: {},
    notBeforeMs: Date.now(),
    deduplicationId: 'd',
    retries: 0,
  });
  expect(result.messageId).toBe('msg_ok');
});
