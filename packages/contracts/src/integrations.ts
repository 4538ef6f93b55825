/**
 * Code and ticket integrations (issue 18): connections to GitHub, Jira and Linear (tokens sealed,
 * base URLs through the SSRF guard), tickets created from or linked to Dexter issues (many to
 * many), and the ticket state that vendor webhooks keep current.
 */
import { z } from 'zod';
import { SentryIssueIdSchema } from './issues';

export const INTEGRATION_VENDORS = ['github', 'gitlab', 'jira', 'linear'] as const;
export const IntegrationVendorSchema = z.enum(INTEGRATION_VENDORS);
export type IntegrationVendor = z.infer<typeof IntegrationVendorSchema>;

export const ConnectionSchema = z.object({
  id: z.string(),
  vendor: IntegrationVendorSchema,
  name: z.string(),
  /** API base URL: `https://api.github.com`, a GHE `https://host/api/v3`, a Jira site, Linear's GraphQL URL. */
  baseUrl: z.string(),
  /** Jira Cloud: the account e-mail used with the API token; null elsewhere. */
  account: z.string().nullable(),
  /** Where new tickets go: GitHub `owner/repo`, GitLab `group/project`, Jira project key, Linear team id. */
  target: z.string(),
  /**
   * Two-way: a ticket closed on the vendor side resolves its Dexter issues, and an issue resolved
   * in Dexter gets a comment on its open tickets.
   */
  resolveOnClose: z.boolean(),
  /** Where the vendor posts its webhooks (signed with the connection's webhook secret). */
  webhookUrl: z.string(),
  createdAt: z.string(),
});
export type Connection = z.infer<typeof ConnectionSchema>;

export const ConnectionListSchema = z.object({ items: z.array(ConnectionSchema) });
export type ConnectionList = z.infer<typeof ConnectionListSchema>;

const Name = z.string().trim().min(1).max(100);
const Secret = z.string().trim().min(1).max(4096);
const Url = z.string().trim().min(1).max(2000);

export const ConnectionCreateSchema = z.discriminatedUnion('vendor', [
  z.object({
    vendor: z.literal('github'),
    name: Name,
    /** Default `https://api.github.com`; GitHub Enterprise: `https://HOST/api/v3`. */
    baseUrl: Url.optional(),
    token: Secret,
    target: z
      .string()
      .trim()
      .regex(/^[\w.-]+\/[\w.-]+$/, 'must be owner/repo'),
    resolveOnClose: z.boolean().default(true),
  }),
  z.object({
    vendor: z.literal('gitlab'),
    name: Name,
    /** Default `https://gitlab.com`; self-managed: the instance root. */
    baseUrl: Url.optional(),
    token: Secret,
    target: z
      .string()
      .trim()
      .regex(/^[\w.-]+(\/[\w.-]+)+$/, 'must be group/project'),
    resolveOnClose: z.boolean().default(true),
  }),
  z.object({
    vendor: z.literal('jira'),
    name: Name,
    baseUrl: Url,
    email: z.string().trim().email().max(320),
    token: Secret,
    target: z
      .string()
      .trim()
      .regex(/^[A-Z][A-Z0-9_]{0,49}$/, 'must be a Jira project key such as OPS'),
    resolveOnClose: z.boolean().default(true),
  }),
  z.object({
    vendor: z.literal('linear'),
    name: Name,
    /** Default `https://api.linear.app/graphql`. */
    baseUrl: Url.optional(),
    token: Secret,
    /** The team id new issues go to. */
    target: z.string().trim().min(1).max(100),
    resolveOnClose: z.boolean().default(true),
  }),
]);
export type ConnectionCreate = z.input<typeof ConnectionCreateSchema>;

/** The connection and its webhook secret, shown once: paste it into the vendor's webhook settings. */
export const ConnectionCreatedSchema = ConnectionSchema.extend({ webhookSecret: z.string() });
export type ConnectionCreated = z.infer<typeof ConnectionCreatedSchema>;

export const CONNECTION_PROBLEMS = [
  'auth',
  'scope',
  'not-found',
  'bad-url',
  'rate-limited',
  'vendor-down',
  'network',
] as const;

/** What "test connection" found: who the token is, or exactly what failed. */
export const ConnectionTestSchema = z.object({
  ok: z.boolean(),
  /** The vendor account the token belongs to (login, e-mail, name). */
  account: z.string().nullable(),
  problem: z
    .object({
      kind: z.enum(CONNECTION_PROBLEMS),
      /** The vendor's HTTP status, when it answered. */
      status: z.number().int().nullable(),
      message: z.string(),
    })
    .nullable(),
});
export type ConnectionTest = z.infer<typeof ConnectionTestSchema>;

export const ConnectionParamsSchema = z.object({
  org: z.string().min(1).max(100),
  connectionId: z.string().regex(/^\d{1,12}$/, 'must be a numeric connection id'),
});

export const TICKET_STATES = ['open', 'closed'] as const;

export const TicketLinkSchema = z.object({
  id: z.string(),
  issueId: z.string(),
  connectionId: z.string(),
  vendor: IntegrationVendorSchema,
  /** `owner/repo#12`, `OPS-7`, `ENG-42`. */
  key: z.string(),
  url: z.string(),
  title: z.string(),
  state: z.enum(TICKET_STATES),
  /** The vendor's own word for the state (`open`, `Done`, `In Progress`). */
  stateLabel: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TicketLink = z.infer<typeof TicketLinkSchema>;

export const TicketLinkListSchema = z.object({ items: z.array(TicketLinkSchema) });
export type TicketLinkList = z.infer<typeof TicketLinkListSchema>;

export const IssueTicketParamsSchema = z.object({
  org: z.string().min(1).max(100),
  issueId: SentryIssueIdSchema,
});

export const TicketCreateSchema = z.object({
  connectionId: z.string().regex(/^\d{1,12}$/, 'must be a numeric connection id'),
  /** Default: the issue's title. */
  title: z.string().trim().min(1).max(250).optional(),
  labels: z.array(z.string().trim().min(1).max(50)).max(20).default([]),
});
export type TicketCreate = z.input<typeof TicketCreateSchema>;

export const TicketLinkCreateSchema = z.object({
  connectionId: z.string().regex(/^\d{1,12}$/, 'must be a numeric connection id'),
  /** The ticket's URL or key (`owner/repo#12`, `group/project#12`, `#12` for the connection's repository, `OPS-7`, `ENG-42`). */
  ref: z.string().trim().min(1).max(2000),
});
export type TicketLinkCreate = z.infer<typeof TicketLinkCreateSchema>;

/**
 * Where a ticket created from one Dexter project's issues goes on one connection, and with what:
 * a repository/project/team other than the connection's, labels added to the ones typed, an
 * assignee. Each vendor names these its own way; the server checks them per vendor and answers
 * 400 naming the field.
 */
export const ProjectDefaultsSchema = z.object({
  connectionId: z.string(),
  /** The Dexter (Sentry) project slug. */
  project: z.string(),
  /** GitHub `owner/repo`, GitLab `group/project`, Jira project key, Linear team id; null: the connection's. */
  target: z.string().nullable(),
  labels: z.array(z.string()),
  /** GitHub login, GitLab user id, Jira account id, Linear user id; null: nobody. */
  assignee: z.string().nullable(),
  updatedAt: z.string(),
});
export type ProjectDefaults = z.infer<typeof ProjectDefaultsSchema>;

export const ProjectDefaultsListSchema = z.object({ items: z.array(ProjectDefaultsSchema) });

export const ProjectDefaultsParamsSchema = ConnectionParamsSchema.extend({
  project: z.string().regex(/^[\w.-]{1,100}$/, 'must be a project slug'),
});

/** Per-vendor checks of `target` and `assignee` are the server's (it knows the connection). */
export const ProjectDefaultsInputSchema = z.object({
  target: z.string().trim().min(1).max(200).nullable().default(null),
  labels: z.array(z.string().trim().min(1).max(50)).max(20).default([]),
  assignee: z.string().trim().min(1).max(128).nullable().default(null),
});
export type ProjectDefaultsInput = z.input<typeof ProjectDefaultsInputSchema>;

/** Webhook secret shown again to an admin (audited), or a new one after rotation. */
export const WebhookSecretSchema = z.object({ webhookSecret: z.string(), webhookUrl: z.string() });
export type WebhookSecret = z.infer<typeof WebhookSecretSchema>;

/** The links of many issues at once (the stream's ticket column): one request per page of rows. */
export const TicketLinksQuerySchema = z.object({
  issue: z
    .union([SentryIssueIdSchema, z.array(SentryIssueIdSchema)])
    .transform((value) => (Array.isArray(value) ? value : [value]))
    .pipe(z.array(SentryIssueIdSchema).min(1).max(100)),
});

/** A ticket job: tickets for many issues, one each or one for all, with a result per issue. */
export const TICKET_JOB_MODES = ['each', 'one'] as const;
export const TicketJobCreateSchema = z.object({
  connectionId: z.string().regex(/^\d{1,12}$/, 'must be a numeric connection id'),
  issueIds: z.array(SentryIssueIdSchema).min(1).max(500),
  /** `each`: one ticket per issue; `one`: one ticket linked to all of them. */
  mode: z.enum(TICKET_JOB_MODES),
  /** `one` only; default: the first issue's title and how many more. */
  title: z.string().trim().min(1).max(250).optional(),
  labels: z.array(z.string().trim().min(1).max(50)).max(20).default([]),
});
export type TicketJobCreate = z.input<typeof TicketJobCreateSchema>;

export const TICKET_JOB_ITEM_STATES = ['pending', 'created', 'linked', 'failed'] as const;
export const TicketJobSchema = z.object({
  id: z.string(),
  connectionId: z.string(),
  mode: z.enum(TICKET_JOB_MODES),
  status: z.enum(['running', 'done']),
  /** `one`: the ticket once created. */
  ticketKey: z.string().nullable(),
  counts: z.object({ total: z.number(), linked: z.number(), failed: z.number(), pending: z.number() }),
  items: z.array(
    z.object({
      issueId: z.string(),
      /** `created`: the ticket exists and its link is being written (a restart finishes it). */
      status: z.enum(TICKET_JOB_ITEM_STATES),
      ticketKey: z.string().nullable(),
      ticketUrl: z.string().nullable(),
      error: z.string().nullable(),
    }),
  ),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TicketJob = z.infer<typeof TicketJobSchema>;

export const TicketJobParamsSchema = z.object({
  org: z.string().min(1).max(100),
  jobId: z.string().regex(/^\d{1,12}$/, 'must be a numeric job id'),
});
