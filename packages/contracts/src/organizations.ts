import { z } from 'zod';

export const OrganizationSchema = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
});
export type Organization = z.infer<typeof OrganizationSchema>;

export const OrganizationListSchema = z.object({ organizations: z.array(OrganizationSchema) });
export type OrganizationList = z.infer<typeof OrganizationListSchema>;

export const ProjectSchema = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  platform: z.string().nullable(),
  /** Environment names its events have carried (Sentry's project summary `environments`). */
  environments: z.array(z.string()).optional(),
});
export type Project = z.infer<typeof ProjectSchema>;

export const ProjectListSchema = z.object({ projects: z.array(ProjectSchema) });
export type ProjectList = z.infer<typeof ProjectListSchema>;
