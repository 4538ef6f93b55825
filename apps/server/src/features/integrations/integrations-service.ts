/**
 * Connections, tickets and two-way state. A connection's base URL passes the SSRF guard before it
 * is stored (and every call goes through the guard's fetch); its token and webhook secret are
 * sealed by the secrets service. Tickets are created from an issue's detail or linked by URL/key,
 * and stored as links. A webhook marking a ticket closed resolves its linked issues when the
 * connection says so, through the issues service's update (the path the UI's PUT takes, so it
 * works on Sentry and on the built-in store alike).
 *
 * The other way: an issue resolved in Dexter (UI, bulk, API) gets a comment on each of its open
 * tickets whose connection has the two-way rule.
 *
 * No loops: an issue is resolved only on a ticket's open -> closed transition seen by Dexter (a
 * repeated delivery or a second "closed" changes nothing); an issue resolved because its ticket
 * closed is not commented back (remembered for a minute), nor is a closed ticket, and the same
 * link is commented at most once a minute (the feed may tell one resolve twice).
 */
import { randomBytes } from 'node:crypto';
import type {
  Connection,
  ConnectionCreate,
  ConnectionCreated,
  ConnectionTest,
  IntegrationVendor,
  IssueDetail,
  IssueUpdate,
  ProjectDefaults,
  ProjectDefaultsInputSchema,
  TicketCreate,
  TicketLink,
  TicketLinkCreate,
} from '@dexter/contracts';
import type { z } from 'zod';
import { DexterError, type ErrorCode } from '../../errors/error-codes';
import { guardedFetch } from '../../security/guarded-fetch';
import type { SecretsService } from '../../security/secrets/secrets-service';
import { type SsrfGuard, UnsafeUrlError } from '../../security/ssrf-guard';
import type { ConnectionRow, IntegrationsStore, TicketFacts } from './integrations-store';
import { checkDefaults, type ProjectDefaultsStore } from './project-defaults';
import { ticketDraftForMany } from './ticket-draft';
import { createGithubPort, GITHUB_API } from './vendors/github-port';
import { createGitlabPort, GITLAB_URL } from './vendors/gitlab-port';
import { createJiraPort } from './vendors/jira-port';
import { createLinearPort, LINEAR_API } from './vendors/linear-port';
import { type FetchLike, type TicketPort, VendorError } from './vendors/ticket-port';
import { readDelivery } from './webhook-deliveries';

export interface IntegrationsServiceDeps {
  store: IntegrationsStore;
  defaults: ProjectDefaultsStore;
  secrets: Pick<SecretsService, 'put' | 'get' | 'delete'>;
  guard: Pick<SsrfGuard, 'check' | 'fetch'>;
  issues: {
    detail(org: string, issueId: string): Promise<IssueDetail>;
    update(org: string, issueId: string, update: IssueUpdate): Promise<unknown>;
  };
  publicUrl(): string;
  now(): number;
  /** Tests may hand the ports another transport; default: the SSRF guard's fetch. */
  fetch?: FetchLike;
}

const tokenName = (id: number) => `integration-${id}-token`;
const webhookName = (id: number) => `integration-${id}-webhook`;

const VENDOR_NAMES: Record<IntegrationVendor, string> = {
  github: 'GitHub',
  gitlab: 'GitLab',
  jira: 'Jira',
  linear: 'Linear',
};

const codeOf: Record<VendorError['kind'], ErrorCode> = {
  auth: 'DEXTER_ERR_UPSTREAM_AUTH',
  scope: 'DEXTER_ERR_UPSTREAM_FORBIDDEN',
  'not-found': 'DEXTER_ERR_UPSTREAM_NOT_FOUND',
  'bad-url': 'DEXTER_ERR_UNSAFE_URL',
  'rate-limited': 'DEXTER_ERR_UPSTREAM_RATE_LIMITED',
  'vendor-down': 'DEXTER_ERR_UPSTREAM_SERVER',
  network: 'DEXTER_ERR_UPSTREAM_NETWORK',
};

/** A vendor failure as Dexter's error envelope, with what failed in its message. */
const asDexterError = (error: unknown): unknown =>
  error instanceof VendorError
    ? new DexterError(codeOf[error.kind], error.message, { vendorStatus: error.status, problem: error.kind })
    : error;

/** Issue reads at a time while drafting a ticket for many issues. */
const DETAIL_READS = 8;

/** How long an issue resolved by a ticket, or a link just commented, is remembered. */
const ECHO_MS = 60_000;

export function createIntegrationsService(deps: IntegrationsServiceDeps) {
  const { store, secrets, guard } = deps;
  const resolvedByTicket = new Map<string, number>();
  const commented = new Map<string, number>();
  const recent = (memory: Map<string, number>, key: string) => {
    const at = memory.get(key);
    return at !== undefined && deps.now() - at < ECHO_MS;
  };
  const remember = (memory: Map<string, number>, key: string) => {
    for (const [old, at] of memory) if (deps.now() - at >= ECHO_MS) memory.delete(old);
    memory.set(key, deps.now());
  };
  const fetch = deps.fetch ?? guardedFetch(guard);

  const webhookUrl = (id: number) => `${deps.publicUrl()}/api/v1/webhooks/integrations/${id}`;
  const toConnection = (row: ConnectionRow): Connection => ({
    id: String(row.id),
    vendor: row.vendor,
    name: row.name,
    baseUrl: row.baseUrl,
    account: row.account,
    target: row.target,
    resolveOnClose: row.resolveOnClose,
    webhookUrl: webhookUrl(row.id),
    createdAt: new Date(row.createdAt).toISOString(),
  });

  async function connectionOf(org: string, id: string | number): Promise<ConnectionRow> {
    const row = await store.connection(Number(id));
    if (!row || row.org !== org)
      throw new DexterError('DEXTER_ERR_NOT_FOUND', `No integration connection ${id}`);
    return row;
  }

  async function portOf(row: ConnectionRow): Promise<TicketPort> {
    const token = await secrets.get(tokenName(row.id));
    if (!token)
      throw new DexterError(
        'DEXTER_ERR_CONFLICT',
        `Connection ${row.id} has no stored token: connect it again`,
      );
    if (row.vendor === 'github')
      return createGithubPort({ baseUrl: row.baseUrl, token, repository: row.target, fetch });
    if (row.vendor === 'gitlab')
      return createGitlabPort({ baseUrl: row.baseUrl, token, project: row.target, fetch });
    if (row.vendor === 'jira')
      return createJiraPort({
        baseUrl: row.baseUrl,
        email: row.account ?? '',
        token,
        project: row.target,
        fetch,
      });
    return createLinearPort({ apiUrl: row.baseUrl, apiKey: token, team: row.target, fetch });
  }

  const vendorCall = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      throw asDexterError(error);
    }
  };

  /**
   * Creates one ticket about the issues on the connection: the first issue's project defaults
   * say where it goes and who gets it; their labels join those given. Not linked yet.
   */
  async function openTicket(
    org: string,
    connectionId: number,
    issueIds: readonly string[],
    overrides: { title?: string; labels: readonly string[] },
  ): Promise<{ ticket: TicketFacts; unread: Map<string, string> }> {
    const row = await connectionOf(org, connectionId);
    const port = await portOf(row);
    const issues: Array<{ detail: IssueDetail; url: string }> = [];
    const unread = new Map<string, string>();
    let firstFailure: unknown = null;
    // A few reads at a time: a job of hundreds of issues must not flood the upstream.
    for (let at = 0; at < issueIds.length; at += DETAIL_READS) {
      const batch = issueIds.slice(at, at + DETAIL_READS);
      const read = await Promise.allSettled(batch.map((issueId) => deps.issues.detail(org, issueId)));
      read.forEach((result, index) => {
        const issueId = batch[index]!;
        if (result.status === 'fulfilled')
          issues.push({
            detail: result.value,
            url: `${deps.publicUrl()}/${encodeURIComponent(org)}/issues/${encodeURIComponent(issueId)}`,
          });
        else {
          firstFailure ??= result.reason;
          unread.set(issueId, result.reason instanceof Error ? result.reason.message : String(result.reason));
        }
      });
    }
    // Nothing to write about: the first issue's failure is the answer (a 404 for one unknown issue).
    if (issues.length === 0) throw firstFailure ?? new Error('no issue to write a ticket about');
    const project = issues[0]?.detail.issue.project.slug;
    const defaults = project ? await deps.defaults.get(row.id, project) : null;
    const draft = ticketDraftForMany(issues, {
      ...(overrides.title ? { title: overrides.title } : {}),
      labels: [...new Set([...(defaults?.labels ?? []), ...overrides.labels])],
    });
    const ticket = await vendorCall(() =>
      port.create({ ...draft, target: defaults?.target ?? null, assignee: defaults?.assignee ?? null }),
    );
    return { ticket, unread };
  }

  return {
    async listConnections(org: string): Promise<Connection[]> {
      return (await store.connections(org)).map(toConnection);
    },

    async createConnection(org: string, input: ConnectionCreate): Promise<ConnectionCreated> {
      const baseUrl = (
        input.baseUrl ??
        { github: GITHUB_API, gitlab: GITLAB_URL, linear: LINEAR_API, jira: '' }[input.vendor]
      ).replace(/\/+$/, '');
      try {
        const { url } = await guard.check(baseUrl);
        if (url.username || url.password)
          throw new UnsafeUrlError('credentials do not belong in the URL: use the token field');
      } catch (error) {
        if (error instanceof UnsafeUrlError)
          throw new DexterError('DEXTER_ERR_UNSAFE_URL', `Invalid body.baseUrl: ${error.message}`, {
            field: 'baseUrl',
          });
        throw error;
      }
      const row = await store.addConnection({
        org,
        vendor: input.vendor,
        name: input.name,
        baseUrl,
        account: input.vendor === 'jira' ? input.email : null,
        target: input.target,
        resolveOnClose: input.resolveOnClose ?? true,
      });
      const webhookSecret = randomBytes(24).toString('hex');
      try {
        await secrets.put(tokenName(row.id), input.token, null);
        await secrets.put(webhookName(row.id), webhookSecret, null);
      } catch (error) {
        await store.deleteConnection(org, row.id);
        throw error;
      }
      return { ...toConnection(row), webhookSecret };
    },

    async deleteConnection(org: string, id: string): Promise<void> {
      const row = await connectionOf(org, id);
      await store.deleteConnection(org, row.id);
      for (const name of [tokenName(row.id), webhookName(row.id)])
        await secrets.delete(name).catch(() => undefined);
    },

    async testConnection(org: string, id: string): Promise<ConnectionTest> {
      return (await portOf(await connectionOf(org, id))).test();
    },

    connection: (org: string, id: string) => connectionOf(org, id),

    async projectDefaults(org: string, id: string): Promise<ProjectDefaults[]> {
      return deps.defaults.list((await connectionOf(org, id)).id);
    },

    async putProjectDefaults(
      org: string,
      id: string,
      project: string,
      input: z.output<typeof ProjectDefaultsInputSchema>,
    ): Promise<ProjectDefaults> {
      const row = await connectionOf(org, id);
      return deps.defaults.put(row.id, project, checkDefaults(row.vendor, input));
    },

    async deleteProjectDefaults(org: string, id: string, project: string): Promise<void> {
      const row = await connectionOf(org, id);
      if (!(await deps.defaults.delete(row.id, project)))
        throw new DexterError(
          'DEXTER_ERR_NOT_FOUND',
          `No defaults for project ${project} on connection ${id}`,
        );
    },

    /** The webhook secret again, for an admin who lost it (the route audits it). */
    async webhookSecret(org: string, id: string): Promise<{ webhookSecret: string; webhookUrl: string }> {
      const row = await connectionOf(org, id);
      const secret = await secrets.get(webhookName(row.id));
      if (!secret)
        throw new DexterError('DEXTER_ERR_NOT_FOUND', `Connection ${row.id} has no webhook secret`);
      return { webhookSecret: secret, webhookUrl: webhookUrl(row.id) };
    },

    /** A new webhook secret; deliveries signed with the old one are refused from now on. */
    async rotateWebhookSecret(
      org: string,
      id: string,
    ): Promise<{ webhookSecret: string; webhookUrl: string }> {
      const row = await connectionOf(org, id);
      const webhookSecret = randomBytes(24).toString('hex');
      await secrets.put(webhookName(row.id), webhookSecret, null);
      return { webhookSecret, webhookUrl: webhookUrl(row.id) };
    },

    links: (org: string, issueId: string): Promise<TicketLink[]> => store.linksOfIssue(org, issueId),

    linksOfIssues: (org: string, issueIds: readonly string[]): Promise<TicketLink[]> =>
      store.linksOfIssues(org, issueIds),

    openTicket,

    /** Links a ticket made for the issue; the issue must still exist (a retried job item may not). */
    async linkFacts(
      org: string,
      issueId: string,
      connectionId: number,
      ticket: TicketFacts,
    ): Promise<TicketLink> {
      await deps.issues.detail(org, issueId);
      return store.link(org, issueId, connectionId, ticket);
    },

    async createTicket(org: string, issueId: string, input: TicketCreate): Promise<TicketLink> {
      const row = await connectionOf(org, input.connectionId);
      const { ticket } = await openTicket(org, row.id, [issueId], {
        ...(input.title ? { title: input.title } : {}),
        labels: input.labels ?? [],
      });
      return store.link(org, issueId, row.id, ticket);
    },

    async linkTicket(org: string, issueId: string, input: TicketLinkCreate): Promise<TicketLink> {
      const row = await connectionOf(org, input.connectionId);
      const port = await portOf(row);
      const key = port.parseRef(input.ref);
      if (!key)
        throw new DexterError(
          'DEXTER_ERR_VALIDATION',
          `Invalid body.ref: "${input.ref.slice(0, 100)}" is not a ${VENDOR_NAMES[row.vendor]} ticket URL or key`,
          { field: 'ref' },
        );
      // The issue must exist before anything is linked to it.
      await deps.issues.detail(org, issueId);
      const ticket = await vendorCall(() => port.get(key));
      return store.link(org, issueId, row.id, ticket);
    },

    async unlink(org: string, issueId: string, linkId: string): Promise<void> {
      if (!(await store.unlink(org, issueId, Number(linkId))))
        throw new DexterError('DEXTER_ERR_NOT_FOUND', `No ticket link ${linkId} on issue ${issueId}`);
    },

    /**
     * An issue was resolved in Dexter: a comment on each open ticket of a two-way connection.
     * Returns the ticket keys commented; a vendor failure skips that ticket (and is returned).
     */
    async issueResolved(org: string, issueId: string): Promise<{ commented: string[]; failed: string[] }> {
      const done = { commented: [] as string[], failed: [] as string[] };
      if (recent(resolvedByTicket, `${org}/${issueId}`)) return done;
      const links = (await store.linksOfIssue(org, issueId)).filter((link) => link.state === 'open');
      for (const link of links) {
        if (recent(commented, link.id)) continue;
        const row = await store.connection(Number(link.connectionId));
        if (!row?.resolveOnClose) continue;
        remember(commented, link.id);
        const issueUrl = `${deps.publicUrl()}/${encodeURIComponent(org)}/issues/${encodeURIComponent(issueId)}`;
        try {
          await (await portOf(row)).comment(link.key, `Resolved in Dexter: ${issueUrl}`);
          done.commented.push(link.key);
        } catch {
          done.failed.push(link.key);
        }
      }
      return done;
    },

    /** One vendor delivery: verified, de-duplicated, applied. What it changed, for the answer. */
    async receiveWebhook(
      connectionId: string,
      headers: Record<string, string | string[] | undefined>,
      raw: Buffer,
    ): Promise<{ duplicate: boolean; updatedLinks: number; resolvedIssues: string[] }> {
      const row = /^\d{1,12}$/.test(connectionId) ? await store.connection(Number(connectionId)) : null;
      if (!row) throw new DexterError('DEXTER_ERR_NOT_FOUND', `No integration connection ${connectionId}`);
      const secret = await secrets.get(webhookName(row.id));
      if (!secret)
        throw new DexterError('DEXTER_ERR_NOT_FOUND', `Connection ${row.id} has no webhook secret`);
      const delivery = await readDelivery(row.vendor, secret, headers, raw, deps.now());
      if (!(await store.firstDelivery(row.id, delivery.deliveryId)))
        return { duplicate: true, updatedLinks: 0, resolvedIssues: [] };
      try {
        if (!delivery.change) return { duplicate: false, updatedLinks: 0, resolvedIssues: [] };
        const { key, state, stateLabel } = delivery.change;
        const changing = (await store.linksOfTicket(row.id, key)).filter((link) => link.state !== state);
        const resolvedIssues: string[] = [];
        if (state === 'closed' && row.resolveOnClose) {
          // Before the links change: if a resolve fails, the retried delivery still sees the transition.
          for (const issueId of new Set(changing.map((link) => link.issueId))) {
            remember(resolvedByTicket, `${row.org}/${issueId}`);
            await deps.issues.update(row.org, issueId, { status: 'resolved' });
            resolvedIssues.push(issueId);
          }
        }
        const changed = await store.setTicketState(row.id, key, state, stateLabel);
        return { duplicate: false, updatedLinks: changed.length, resolvedIssues };
      } catch (error) {
        // Not handled: let the vendor's retry be handled instead of dropped as a duplicate.
        await store.forgetDelivery(row.id, delivery.deliveryId);
        throw error;
      }
    },
  };
}

export type IntegrationsService = ReturnType<typeof createIntegrationsService>;
