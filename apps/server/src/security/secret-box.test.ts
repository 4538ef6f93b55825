import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { deriveKeys, open, SecretDecryptionError, seal } from './secret-box';

const master = randomBytes(32);
const keys = deriveKeys(master);

describe('secret box (AES-256-GCM)', () => {
  it('round-trips a value, with a fresh IV each time and no plaintext in the output', () => {
    const a = seal(keys.encryption, 'sntryu_supersecret', 'secret:sentry');
    const b = seal(keys.encryption, 'sntryu_supersecret', 'secret:sentry');
    expect(a).not.toBe(b);
    expect(a).not.toContain('supersecret');
    expect(open(keys.encryption, a, 'secret:sentry')).toBe('sntryu_supersecret');
  });

  it('refuses a ciphertext moved to another row, tampered with, or opened with another key', () => {
    const sealed = seal(keys.encryption, 'value', 'secret:github');
    expect(() => open(keys.encryption, sealed, 'secret:slack')).toThrow(SecretDecryptionError);
    const parts = sealed.split('.');
    const flipped = Buffer.from(parts[3]!, 'base64url');
    flipped[0]! ^= 1;
    parts[3] = flipped.toString('base64url');
    expect(() => open(keys.encryption, parts.join('.'), 'secret:github')).toThrow(SecretDecryptionError);
    expect(() => open(deriveKeys(randomBytes(32)).encryption, sealed, 'secret:github')).toThrow(
      SecretDecryptionError,
    );
  });

  it('derives distinct keys per purpose and a stable key id that does not reveal the key', () => {
    expect(keys.encryption.equals(keys.csrf)).toBe(false);
    expect(keys.csrf.equals(keys.oidcState)).toBe(false);
    expect(deriveKeys(master).keyId).toBe(keys.keyId);
    expect(master.toString('hex')).not.toContain(keys.keyId);
    expect(() => deriveKeys(randomBytes(16))).toThrow(/32 bytes/);
  });
});
