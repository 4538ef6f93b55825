/**
 * Scopes of the store's `/api/0` bearer tokens, as Sentry names them. Each request needs one of
 * a few scopes, read from its method and path: reads need `<resource>:read`, changes
 * `<resource>:write`, deletions `<resource>:admin`. Within a resource, admin includes write
 * includes read; `project:admin` also includes `project:releases`. Release paths (releases,
 * deploys, files) take the lists of the `security` sections of Sentry's spec, so a CI token with
 * only `project:releases` (or `org:ci`) can record and read releases. A path this table does not
 * know needs `org:admin` to change anything, so a new endpoint is closed until someone classifies it.
 */
export type Resource = 'org' | 'project' | 'event';
export type Scope = `${Resource}:${'read' | 'write' | 'admin'}` | 'project:releases' | 'org:ci';
type Level = 'read' | 'write' | 'admin';

/** Any one of these suffices (spec: `GET|POST|DELETE …/releases/{version}/` security). */
const RELEASE_SCOPES: Record<Level, readonly Scope[]> = {
  read: ['project:read', 'project:releases', 'org:ci'],
  write: ['project:write', 'project:releases', 'org:ci'],
  admin: ['project:admin', 'project:releases'],
};

/** Spec: `GET …/repos/` takes `org:read` or `org:ci`; `sentry-cli releases set-commits` calls it first. */
const REPOSITORY_READ_SCOPES: readonly Scope[] = ['org:read', 'org:ci'];

const LEVEL = { read: 1, write: 2, admin: 3 } as const;

function resourceOf(path: string): Resource | 'releases' {
  if (/\/(releases|deploys|files|sourcemaps|artifactbundles?|chunk-upload)\//.test(path)) return 'releases';
  if (/\/(issues|events|groups|tags|activities|comments|issues-stats)\//.test(path)) return 'event';
  if (/^\/api\/0\/projects\//.test(path)) return 'project';
  if (/^\/api\/0\/organizations\/[^/]+\/(projects|keys)\//.test(path)) return 'project';
  return 'org';
}

/** The scopes a request may hold, any one of which lets it through. */
export function requiredScopes(method: string, url: string): readonly Scope[] {
  const path = url.split('?')[0] ?? '';
  const resource = resourceOf(path);
  const level: Level =
    method === 'GET' || method === 'HEAD' ? 'read' : method === 'DELETE' ? 'admin' : 'write';
  if (resource === 'releases') return RELEASE_SCOPES[level];
  if (level === 'read' && /^\/api\/0\/organizations\/[^/]+\/repos\/$/.test(path))
    return REPOSITORY_READ_SCOPES;
  return [`${resource}:${level}`];
}

export function scopesAllowAny(granted: readonly string[], accepted: readonly Scope[]): boolean {
  return accepted.some((needed) => scopesAllow(granted, needed));
}

export function scopesAllow(granted: readonly string[], needed: Scope): boolean {
  if (granted.includes(needed)) return true;
  if (needed === 'project:releases') return granted.includes('project:admin');
  if (needed === 'org:ci') return false;
  const [resource, level] = needed.split(':') as [Resource, keyof typeof LEVEL];
  return granted.some((scope) => {
    const [r, l] = scope.split(':');
    return r === resource && l !== undefined && l in LEVEL && LEVEL[l as keyof typeof LEVEL] >= LEVEL[level];
  });
}
