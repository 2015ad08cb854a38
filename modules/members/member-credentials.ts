import { createSecretBox, type SecretBox } from '@/core/crypto/secret-box';
import { getEnv } from '@/core/config/env';

let secretBox: SecretBox | undefined;

function box(): SecretBox {
  secretBox ??= createSecretBox(getEnv().CREDENTIALS_ENCRYPTION_KEY);
  return secretBox;
}

// The associated data ties each ciphertext to its member and purpose: a password envelope moved
// to another member's row, or into the session column, fails authentication instead of decrypting.
const passwordContext = (memberId: string) => `aimharder-password:${memberId}`;
const sessionContext = (memberId: string) => `aimharder-session:${memberId}`;

export const sealPassword = (memberId: string, password: string) => box().seal(password, passwordContext(memberId));
export const openPassword = (memberId: string, ciphertext: string) => box().open(ciphertext, passwordContext(memberId));
export const sealSession = (memberId: string, session: string) => box().seal(session, sessionContext(memberId));
export const openSession = (memberId: string, ciphertext: string) => box().open(ciphertext, sessionContext(memberId));
