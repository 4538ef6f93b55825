/**
 * Encryption of secrets at rest (Sentry and integration tokens) with AES-256-GCM, and the other
 * keys derived from the one configured master key (`DEXTER_SECRET_KEY`) with HKDF, so one value
 * in the environment serves every purpose without reusing a key across purposes.
 *
 * Invariants: a fresh 96-bit IV per encryption; the authentication tag is checked before any
 * plaintext is returned; the associated data binds a ciphertext to its purpose and row (the secret's
 * name), so a ciphertext copied into another row does not decrypt; `keyId` names the master key
 * without revealing it, so a wrong key is reported as such instead of as garbage.
 */
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';

export interface DerivedKeys {
  keyId: string;
  encryption: Buffer;
  csrf: Buffer;
  oidcState: Buffer;
}

const derive = (master: Buffer, purpose: string) =>
  Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), `dexter ${purpose} v1`, 32));

export function deriveKeys(master: Buffer): DerivedKeys {
  if (master.length !== 32) throw new Error('the secret key must be 32 bytes');
  return {
    keyId: createHash('sha256').update(derive(master, 'key id')).digest('hex').slice(0, 16),
    encryption: derive(master, 'secrets'),
    csrf: derive(master, 'csrf'),
    oidcState: derive(master, 'oidc state'),
  };
}

export class SecretDecryptionError extends Error {
  override readonly name = 'SecretDecryptionError';
}

export function seal(key: Buffer, plaintext: string, associatedData: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(associatedData));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return ['v1', iv, cipher.getAuthTag(), ciphertext]
    .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
    .join('.');
}

export function open(key: Buffer, sealed: string, associatedData: string): string {
  const [version, iv, tag, ciphertext] = sealed.split('.');
  if (version !== 'v1' || !iv || !tag || ciphertext === undefined)
    throw new SecretDecryptionError('not a sealed value');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(associatedData));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString(
      'utf8',
    );
  } catch {
    throw new SecretDecryptionError('the value does not decrypt with this key (tampered, or another key)');
  }
}
