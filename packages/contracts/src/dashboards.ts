/**
 * Dashboards: a grid of widgets per person, per team or for the whole organization, with one
 * period and environment applied to every widget. A chart, table or big-number widget holds a raw
 * Discover query (as saved queries do); an `issues` widget holds an issue search; `releases` and
 * `alerts` (rules and their last firings) widgets need no query. The layout is a 12-column grid (react-grid-layout's units).
 */
import { z } from 'zod';
import { OwnerSchema } from './discover-saved-queries';

export const DASHBOARD_COLUMNS = 12;

export const WidgetKindSchema = z.enum([
  'line',
  'bar',
  'area',
  'table',
  'number',
  'issues',
  'releases',
  'alerts',
]);
export type WidgetKind = z.infer<typeof WidgetKindSchema>;

/** The kinds whose query is a raw Discover query. */
export const DISCOVER_WIDGET_KINDS: readonly WidgetKind[] = ['line', 'bar', 'area', 'table', 'number'];

export const WidgetLayoutSchema = z
  .strictObject({
    x: z
      .number()
      .int()
      .min(0)
      .max(DASHBOARD_COLUMNS - 1),
    y: z.number().int().min(0).max(1000),
    w: z.number().int().min(1).max(DASHBOARD_COLUMNS),
    h: z.number().int().min(1).max(24),
  })
  .refine((layout) => layout.x + layout.w <= DASHBOARD_COLUMNS, {
    message: `x + w must be at most ${DASHBOARD_COLUMNS}`,
    path: ['w'],
  });
export type WidgetLayout = z.infer<typeof WidgetLayoutSchema>;

const WidgetIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'letters, digits, - and _ (at most 40)');

export const WidgetInputSchema = z.strictObject({
  /** Kept when given (the browser names new widgets); the server names the others. */
  id: WidgetIdSchema.optional(),
  title: z.string().trim().min(1).max(100),
  kind: WidgetKindSchema,
  query: z.string().trim().max(4000).default(''),
  layout: WidgetLayoutSchema,
});
export type WidgetInput = z.input<typeof WidgetInputSchema>;

export const WidgetSchema = z.object({
  id: z.string(),
  title: z.string(),
  kind: WidgetKindSchema,
  query: z.string(),
  layout: z.object({ x: z.number(), y: z.number(), w: z.number(), h: z.number() }),
});
export type Widget = z.infer<typeof WidgetSchema>;

const WidgetsSchema = z
  .array(WidgetInputSchema)
  .max(40)
  .superRefine((widgets, ctx) => {
    const seen = new Set<string>();
    widgets.forEach((widget, index) => {
      if (widget.id === undefined) return;
      if (seen.has(widget.id)) {
        ctx.addIssue({ code: 'custom', message: `duplicate widget id ${widget.id}`, path: [index, 'id'] });
      }
      seen.add(widget.id);
    });
  });

export const DashboardScopeSchema = z.enum(['personal', 'team', 'organization']);
export type DashboardScope = z.infer<typeof DashboardScopeSchema>;

/** Sentry's `statsPeriod` spelling, e.g. `24h`, `14d`. */
export const DashboardPeriodSchema = z.string().regex(/^\d{1,3}[mhdw]$/, 'a period such as 24h or 14d');
const TeamSlugSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'a team slug');
const EnvironmentSchema = z.string().trim().min(1).max(64).nullable();

const teamMatchesScope = (
  value: { scope?: DashboardScope | undefined; team?: string | null | undefined },
  ctx: z.RefinementCtx,
) => {
  if (value.scope === 'team' && !value.team) {
    ctx.addIssue({ code: 'custom', message: 'a team dashboard names its team', path: ['team'] });
  }
  if (value.scope !== undefined && value.scope !== 'team' && value.team) {
    ctx.addIssue({ code: 'custom', message: 'only a team dashboard has a team', path: ['team'] });
  }
};

export const DashboardInputSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(100),
    scope: DashboardScopeSchema.default('personal'),
    team: TeamSlugSchema.nullable().default(null),
    period: DashboardPeriodSchema.default('14d'),
    environment: EnvironmentSchema.default(null),
    widgets: WidgetsSchema.default([]),
  })
  .superRefine(teamMatchesScope);
export type DashboardInput = z.input<typeof DashboardInputSchema>;
export type DashboardCreate = z.output<typeof DashboardInputSchema>;

export const DashboardUpdateSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(100).optional(),
    scope: DashboardScopeSchema.optional(),
    team: TeamSlugSchema.nullable().optional(),
    period: DashboardPeriodSchema.optional(),
    environment: EnvironmentSchema.optional(),
    /** The whole list, in order (layout changes send every widget with its new place). */
    widgets: WidgetsSchema.optional(),
  })
  .superRefine(teamMatchesScope)
  .refine((update) => Object.values(update).some((value) => value !== undefined), {
    message: 'nothing to change',
  });
export type DashboardUpdate = z.output<typeof DashboardUpdateSchema>;

export const DashboardSchema = z.object({
  id: z.number(),
  name: z.string(),
  scope: DashboardScopeSchema,
  team: z.string().nullable(),
  period: z.string(),
  environment: z.string().nullable(),
  widgets: z.array(WidgetSchema),
  owner: OwnerSchema,
  /** Whether the caller may change or delete it. */
  canEdit: z.boolean(),
  /**
   * A team dashboard read alone (`GET …/dashboards/{id}`): its team's projects, which its releases
   * and alerts widgets show; null when the team's projects could not be read (then every project).
   */
  teamProjects: z
    .array(z.object({ id: z.string(), slug: z.string() }))
    .nullable()
    .optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Dashboard = z.infer<typeof DashboardSchema>;

export const DashboardListSchema = z.object({ dashboards: z.array(DashboardSchema) });
export type DashboardList = z.infer<typeof DashboardListSchema>;
