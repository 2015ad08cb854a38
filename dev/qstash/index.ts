/**
 * dev/qstash — a local QStash-compatible server for development and tests: the official
 * `@upstash/qstash` Client and Receiver work against it unchanged (also via `QSTASH_DEV=true`).
 */
export { startQStashServer, type QStashServerOptions, type RunningQStashServer } from './qstash-server';
export { DEFAULT_DEV_PORT, DEV_CREDENTIALS } from './dev-credentials';
