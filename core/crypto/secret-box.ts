import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * AES-256-GCM envelopes for secrets at rest (AimHarder passwords and session cookies).
 * Format: `v1.<iv>.<tag>.<ciphertext>` in base64url. The version prefix lets us rotate the
 * scheme; the associated data binds a ciphertext to its purpose and owner, so a value copied
 * from one member's row to another's fails to decrypt.
 */
const VERSION = 'v1';
const TAG_BYTES = 16;

export interface SecretBox {
  seal(plaintext: string, associatedData: string): string;
  open(envelope: string, associatedData: string): string;
}

export function createSecretBox(base64Key: string): SecretBox {
  const key = Buffer.from(base64Key, 'base64');
  if (key.length !== 32) throw new Error('The encryption key must be 32 bytes (base64).');
  return {
    seal(plaintext, associatedData) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(Buffer.from(associatedData, 'utf8'));
      const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      const tag = cipher.getAuthTag();
      return [VERSION, iv.toString('base64url'), tag.toString('base64url'), ciphertext.toString('base64url')].join('.');
    },
    open(envelope, associatedData) {
      const [version, iv, tag, ciphertext] = envelope.split('.');
      if (version !== VERSION || !iv || !tag || ciphertext === undefined) throw new Error('Unrecognised secret envelope.');
      const tagBytes = Buffer.from(tag, 'base64url');
      // Node accepts GCM tags down to 4 bytes unless told the length: a cut tag is far easier to forge.
      if (tagBytes.length !== TAG_BYTES) throw new Error('Unrecognised secret envelope.');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'), { authTagLength: TAG_BYTES });
      decipher.setAAD(Buffer.from(associatedData, 'utf8'));
      decipher.setAuthTag(tagBytes);
      return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
    },
  };
}
