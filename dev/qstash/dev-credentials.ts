/**
 * The public, deterministic credentials of `qstash dev` user 1. The SDK hard-codes the same values
 * for `QSTASH_DEV=true`, so they are not secrets; using them by default lets dev mode find this
 * server through `GET /v2/keys` instead of downloading the official binary.
 */
export const DEV_CREDENTIALS = {
  token: 'eyJVc2VySUQiOiJkZWZhdWx0VXNlciIsIlBhc3N3b3JkIjoiZGVmYXVsdFBhc3N3b3JkIn0=',
  currentSigningKey: 'sig_7kYjw48mhY7kAjqNGcy6cr29RJ6r',
  nextSigningKey: 'sig_5ZB6DVzB1wjE8S6rZ7eenA8Pdnhs',
} as const;

/** The port the SDK's dev mode looks at when `QSTASH_DEV_PORT` is unset. */
export const DEFAULT_DEV_PORT = 8080;
