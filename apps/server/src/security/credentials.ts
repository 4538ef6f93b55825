/**
 * Random credentials and how they are stored. Session ids and API tokens carry 256 random bits,
 * so a fast hash (sha256) is enough to make a database leak useless: only passwords, which people
 * choose, need the slow hash. API tokens have a recognisable prefix for secret scanners.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const API_TOKEN_PREFIX = 'dxt_';

export const sha256Hex = (value: string): string => createHash('sha256').update(value).digest('hex');

export const newSessionId = (): string => randomBytes(32).toString('base64url');

export const newApiToken = (): string => `${API_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;

/** A one-time password a person can type: 20 characters from an alphabet without look-alikes. */
export function newOneTimePassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = randomBytes(20);
  return Array.from(bytes, (byte) => alphabet[byte % alphabet.length]).join('');
}

export const hmacBase64Url = (key: Buffer, value: string): string =>
  createHmac('sha256', key).update(value).digest('base64url');

export function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
