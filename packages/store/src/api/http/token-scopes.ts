/**
 * Scopes of the store's `/api/0` bearer tokens, as Sentry names them. Each request needs one
 * scope, read from its method and path: reads need `<resource>:read`, changes `<resource>:write`,
 * deletions `<resource>:admin`. Within a resource, admin includes write includes read;
 * `project:admin` also includes `project:releases`. A path this table does not know needs
 * `org:admin` to change anything, so a new endpoint is closed until someone classifies it.
 */
export type Resource = 'org' | 'project' | 'event';
export type Scope = `${Resource}:${'read' | 'write' | 'admin'}` | 'project:releases';

const LEVEL = { read: 1, write: 2, admin: 3 } as const;

function resourceOf(path: string): Resource | 'releases' {
  if (/\/(releases|deploys|files|sourcemaps|artifactbundles|chunk-upload)\//.test(path)) return 'releases';
  if (/\/(issues|events|groups|tags|activities|comments|issues-stats)\//.test(path)) return 'event';
  if (/^\/api\/0\/projects\//.test(path)) return 'project';
  if (/^\/api\/0\/organizations\/[^/]+\/(projects|keys)\//.test(path)) return 'project';
  return 'org';
}

export function requiredScope(method: string, url: string): Scope {
  const path = url.split('?')[0] ?? '';
  const resource = resourceOf(path);
  if (resource === 'releases') return 'project:releases';
  const level = method === 'GET' || method === 'HEAD' ? 'read' : method === 'DELETE' ? 'admin' : 'write';
  return `${resource}:${level}`;
}

export function scopesAllow(granted: readonly string[], needed: Scope): boolean {
  if (granted.includes(needed)) return true;
  if (needed === 'project:releases') return granted.includes('project:admin');
  const [resource, level] = needed.split(':') as [Resource, keyof typeof LEVEL];
  return granted.some((scope) => {
    const [r, l] = scope.split(':');
    return r === resource && l !== undefined && l in LEVEL && LEVEL[l as keyof typeof LEVEL] >= LEVEL[level];
  });
}
