/**
 * The security part of the configuration schema: how each security variable is parsed and what
 * it becomes. Only `config.ts` uses these; they live apart so the main schema stays readable.
 *
 * Invariants: a secret key is exactly 32 bytes (AES-256), whatever its encoding; the private-URL
 * allow-list is either everything or a list of CIDRs, addresses and host names (optionally with a
 * port), never a pattern language.
 */
import { z } from 'zod';

export type Role = 'viewer' | 'triager' | 'admin';

export interface SecurityConfig {
  /** The key that encrypts secrets at rest and signs CSRF tokens; null means "generate in dev". */
  secretKey: Buffer | null;
  /** Fastify's `trustProxy`: false, true, a list of proxy addresses/CIDRs, or "trust n hops". */
  trustProxy: boolean | string[] | ((address: string, hop: number) => boolean);
  /** Private destinations user-configured URLs may reach: 'all', or CIDRs / IPs / hosts[:port]. */
  allowPrivateUrls: 'all' | string[];
  sessionIdleMs: number;
  sessionMaxMs: number;
  /** Inbound requests per minute per client IP on `/api/v1`. */
  rateLimitPerMinute: number;
}

export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Role of a user created at their first SSO sign-in. */
  defaultRole: Role;
  /** ID-token claim holding `viewer`, `triager` or `admin`, if the IdP sends one. */
  roleClaim: string | null;
}

export const secretKeySchema = z.string().transform((text, ctx) => {
  const trimmed = text.trim();
  const key = /^[0-9a-f]{64}$/i.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  if (key.length !== 32) {
    ctx.addIssue({
      code: 'custom',
      message: 'must be 32 bytes, as 64 hex digits or base64 (openssl rand -base64 32)',
    });
    return z.NEVER;
  }
  return key;
});

export const trustProxySchema = z.string().transform((text): SecurityConfig['trustProxy'] => {
  const value = text.trim();
  if (value === '' || value === 'false' || value === '0') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    return (_address: string, hop: number) => hop < hops;
  }
  return value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
});

export const allowPrivateSchema = z.string().transform((text): SecurityConfig['allowPrivateUrls'] => {
  const value = text.trim();
  if (value === 'true' || value === '*') return 'all';
  if (value === '' || value === 'false') return [];
  return value
    .split(',')
    .map((part) => part.trim().toLowerCase())
    .filter(Boolean);
});
