/** Random identifiers and token hashing shared by bootstrap, keys and API auth. */
import { createHash, randomBytes } from 'node:crypto';

export const randomHex = (bytes: number): string => randomBytes(bytes).toString('hex');

/** API tokens are stored as sha256 hex; only the holder ever sees the token itself. */
export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/** Sentry-style user auth token prefix, so leaked tokens are recognisable by secret scanners. */
export const newApiToken = (): string => `sntrys_dexter_${randomHex(32)}`;
