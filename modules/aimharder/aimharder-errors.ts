export type AimHarderLoginFailureReason = 'wrong_credentials' | 'too_many_attempts' | 'unreachable' | 'blocked' | 'unexpected_response';

/** Login did not produce a session. `reason` decides what the member is told and whether to retry. */
export class AimHarderLoginError extends Error {
  override readonly name = 'AimHarderLoginError';
  constructor(
    readonly reason: AimHarderLoginFailureReason,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** AimHarder answered `{"logout":1}` (or 401) and no re-login was possible or it did not help. */
export class AimHarderSessionExpiredError extends Error {
  override readonly name = 'AimHarderSessionExpiredError';
  constructor(message = 'The AimHarder session has expired.', options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** AimHarder answered with a shape we cannot understand; the raw payload is logged (redacted). */
export class AimHarderResponseError extends Error {
  override readonly name = 'AimHarderResponseError';
  constructor(
    readonly endpoint: string,
    readonly status: number,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** No usable answer: timeout, network failure, 5xx, or a refusal of the request itself (403/429). */
export class AimHarderTransportError extends Error {
  override readonly name = 'AimHarderTransportError';
  constructor(
    readonly endpoint: string,
    message: string,
    readonly details: { status?: number; timedOut?: boolean } = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
