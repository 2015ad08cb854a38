import { createHash, randomBytes, webcrypto } from 'node:crypto';
import { SignJWT } from 'jose';

export interface SigningKeys {
  current: string;
  next: string;
}

/** Tokens live five minutes, like QStash's; a retry hours later gets a fresh one. */
const TOKEN_LIFETIME_SECONDS = 300;

/**
 * Mints the `Upstash-Signature` JWT for one delivery attempt, exactly as the official `Receiver`
 * checks it: HS256 keyed with the UTF-8 bytes of the whole `sig_…` string, iss "Upstash",
 * sub = the URL being called, iat/nbf = now in whole seconds (never rounded up, or the receiver
 * would see a token from the future), exp = +300 s, body = unpadded base64url SHA-256 of the
 * exact bytes sent.
 */
export class JwtSigner {
  private keys: SigningKeys;
  /**
   * Imported once: handing jose the raw bytes makes it import the key again on every signature,
   * which doubles the cost of each delivery.
   */
  private key: Promise<webcrypto.CryptoKey>;
  /** jti = random per-process prefix + counter: unique without a random draw per attempt. */
  private readonly jtiPrefix = `jwt_${randomBytes(8).toString('hex')}`;
  private jtiCounter = 0;

  constructor(keys: SigningKeys) {
    this.keys = { ...keys };
    this.key = importKey(keys.current);
  }

  get currentKeys(): SigningKeys {
    return { ...this.keys };
  }

  async sign(url: string, body: Buffer, nowMs: number = Date.now()): Promise<string> {
    const nowSeconds = Math.floor(nowMs / 1000);
    return new SignJWT({ body: createHash('sha256').update(body).digest('base64url') })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer('Upstash')
      .setSubject(url)
      .setIssuedAt(nowSeconds)
      .setNotBefore(nowSeconds)
      .setExpirationTime(nowSeconds + TOKEN_LIFETIME_SECONDS)
      .setJti(`${this.jtiPrefix}${(this.jtiCounter++).toString(36)}`)
      .sign(await this.key);
  }

  /** `POST /v2/keys/rotate`: the next key becomes current and a new next key is minted. */
  rotate(): SigningKeys {
    this.keys = { current: this.keys.next, next: generateSigningKey() };
    this.key = importKey(this.keys.current);
    return this.currentKeys;
  }
}

/** HMAC key = the UTF-8 bytes of the whole `sig_…` string, prefix included, as the SDK does. */
function importKey(key: string): Promise<webcrypto.CryptoKey> {
  return webcrypto.subtle.importKey('raw', new TextEncoder().encode(key), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
}

const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

/** Random base58 text, the alphabet QStash ids and keys use. */
export function randomBase58(length: number): string {
  const bytes = randomBytes(length);
  let result = '';
  for (const byte of bytes) result += BASE58[byte % BASE58.length];
  return result;
}

export function generateSigningKey(): string {
  return `sig_${randomBase58(28)}`;
}
