/**
 * The web app's first read in one answer (`BootSchema`): the session's user, server meta, the
 * organizations, and one organization's projects and saved views, read side by side. It reuses the
 * organizations and views services, so each part is exactly what its own route would answer (same
 * upstream cache, same visibility rules). A part that fails is `null`, never the whole answer: the
 * web app then asks for that part through its own route, which shows the error where it belongs.
 */
import type { Boot } from '@dexter/contracts';
import type { OrganizationsService } from '../../organization-data/organizations-service';
import type { ViewsService } from '../../saved-views/views-service';
import type { Principal } from '../../security/accounts/principal';

export interface BootServiceDeps {
  organizations: Pick<OrganizationsService, 'meta' | 'list' | 'projects'>;
  views: Pick<ViewsService, 'list'>;
  onPartFailed?: (part: string, error: unknown) => void;
}

export function createBootService({ organizations, views, onPartFailed }: BootServiceDeps) {
  const orNull = async <T>(part: string, read: () => Promise<T>): Promise<T | null> => {
    try {
      return await read();
    } catch (error) {
      onPartFailed?.(part, error);
      return null;
    }
  };

  return {
    async boot(principal: Principal, askedOrg: string | undefined): Promise<Boot> {
      const meta = organizations.meta();
      const org = askedOrg ?? meta.defaultOrg;
      // A pending password change reaches nothing but its own flow: the session alone says so.
      if (principal.user.mustChangePassword) {
        return { user: principal.user, meta, organizations: null, org, projects: null, views: null };
      }
      const viewer = { id: principal.user.id, role: principal.role };
      const [list, projects, saved] = await Promise.all([
        orNull('organizations', () => organizations.list()),
        org ? orNull('projects', () => organizations.projects(org)) : null,
        org ? orNull('views', () => views.list(org, viewer)) : null,
      ]);
      return { user: principal.user, meta, organizations: list, org, projects, views: saved };
    },
  };
}

export type BootService = ReturnType<typeof createBootService>;
