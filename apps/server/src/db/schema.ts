/**
 * Table types of Dexter's own database (users, sessions, API tokens, audit log, secrets).
 * Timestamps are epoch milliseconds so SQLite and PostgreSQL compare them the same way. Nothing
 * here holds a credential in the clear: sessions and tokens by sha256, passwords by scrypt,
 * secrets by AES-256-GCM.
 */
import type { Generated } from 'kysely';

export interface UserTable {
  id: Generated<number>;
  username: string;
  display_name: string;
  email: string | null;
  role: string;
  /** `scrypt$...` (see password-hash.ts); null for users who only sign in through OIDC. */
  password_hash: string | null;
  must_change_password: number;
  /** `<issuer>#<sub>` for users created by an OIDC sign-in. */
  oidc_subject: string | null;
  disabled_at: number | null;
  created_at: number;
  updated_at: number;
}

export interface SessionTable {
  /** sha256 hex of the session id; the id itself lives only in the browser's cookie. */
  id_hash: string;
  user_id: number;
  created_at: number;
  last_seen_at: number;
  /** Absolute expiry; idle expiry is `last_seen_at` + the configured idle time. */
  expires_at: number;
  method: string;
  ip: string | null;
  user_agent: string | null;
}

export interface PersonalApiTokenTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  token_hash: string;
  /** The first characters of the token, so a user can tell tokens apart. */
  token_prefix: string;
  role: string;
  created_at: number;
  expires_at: number;
  last_used_at: number | null;
  revoked_at: number | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: number;
  actor_user_id: number | null;
  /** The username at the time, or the name tried in a failed sign-in. */
  actor_name: string | null;
  actor_kind: string;
  action: string;
  /** JSON object of the ids the action touched (route params and handler-provided ids). */
  targets: string;
  result: string;
  status: number;
  source_ip: string | null;
  request_id: string | null;
  detail: string | null;
}

export interface SecretTable {
  name: string;
  /** `v1.<iv>.<tag>.<ciphertext>` in base64url, under the key whose id is `key_id`. */
  ciphertext: string;
  key_id: string;
  /** A companion value (an integration's base URL), checked by the SSRF guard, without credentials. */
  url: string | null;
  /** The URL's `user:password`, sealed like `ciphertext` (migration 0007); null without any. */
  url_credentials: string | null;
  created_at: number;
  updated_at: number;
}

/** A verdict on an unordered pair of issues; `issue_a` is the smaller id (see the migration). */
export interface SimilarityFeedbackTable {
  org: string;
  issue_a: string;
  issue_b: string;
  /** `same` or `different`. */
  verdict: string;
  user_id: number | null;
  created_at: number;
}

export interface DexterDatabase {
  users: UserTable;
  sessions: SessionTable;
  personal_api_tokens: PersonalApiTokenTable;
  audit_log: AuditLogTable;
  secrets: SecretTable;
  similarity_feedback: SimilarityFeedbackTable;
}
