import { z } from 'zod';
import { SessionUserSchema } from './auth';
import { MetaSchema } from './meta';
import { OrganizationSchema, ProjectSchema } from './organizations';
import { SavedViewSchema } from './saved-views';

/**
 * `GET /api/v1/boot`: what every page needs before its first real read, in one answer for a
 * signed-in user (the session, server meta, the organizations, and one organization's projects and
 * saved views), so the first load makes one request instead of a chain of five. A part that could
 * not be read is `null` and the web app asks for it the usual way; so is every part but `user` and
 * `meta` while the user must still change their password.
 */
export const BootSchema = z.object({
  user: SessionUserSchema,
  meta: MetaSchema,
  organizations: z.array(OrganizationSchema).nullable(),
  /** The organization `projects` and `views` belong to: the one asked for, else the default. */
  org: z.string().nullable(),
  projects: z.array(ProjectSchema).nullable(),
  views: z.array(SavedViewSchema).nullable(),
});
export type Boot = z.infer<typeof BootSchema>;

export const BootQuerySchema = z.object({ org: z.string().min(1).max(100).optional() });
