/**
 * A Linear GraphQL fake: every document Dexter sends is parsed and validated against Linear's
 * published SDL (`linear-sdk.schema.graphql`) and executed with real variable coercion; invalid
 * documents are recorded in `violations` and answered 400. Fields the fake does not model are
 * filled with type-correct defaults, so the SDK's full selections execute. API keys go raw in
 * `Authorization` (no Bearer); a wrong key gets Linear's authentication error.
 */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  buildSchema,
  type DocumentNode,
  execute,
  GraphQLError,
  type GraphQLFieldResolver,
  type GraphQLOutputType,
  getNamedType,
  isEnumType,
  isListType,
  isNonNullType,
  isObjectType,
  parse,
  validate,
} from 'graphql';
import { type FakeServer, startFakeServer } from './fake-server';
import { vendorSpecPath } from './openapi-contract';

let schema: ReturnType<typeof buildSchema> | null = null;
const linearSchema = () => {
  schema ??= buildSchema(readFileSync(vendorSpecPath('linear-sdk.schema.graphql'), 'utf8'), {
    assumeValidSDL: true,
  });
  return schema;
};

const SCALAR_DEFAULTS: Record<string, unknown> = {
  String: '',
  ID: 'id',
  Int: 0,
  Float: 0,
  Boolean: false,
  DateTime: '2026-12-07T00:00:00.000Z',
  TimelessDate: '2026-12-07',
  JSON: {},
  JSONObject: {},
  UUID: '00000000-0000-4000-8000-000000000000',
};

function defaultFor(type: GraphQLOutputType): unknown {
  if (!isNonNullType(type)) return null;
  const inner = type.ofType;
  if (isListType(inner)) return [];
  const named = getNamedType(inner);
  if (isEnumType(named)) return named.getValues()[0]?.value;
  if (isObjectType(named)) return {};
  return SCALAR_DEFAULTS[named.name] ?? '';
}

const fieldResolver: GraphQLFieldResolver<Record<string, unknown> | null, unknown> = (
  source,
  args,
  context,
  info,
) => {
  const own = source?.[info.fieldName];
  if (typeof own === 'function') return (own as (a: unknown, c: unknown) => unknown)(args, context);
  if (own !== undefined) return own;
  return defaultFor(info.returnType);
};

interface FakeLinearIssue {
  id: string;
  identifier: string;
  title: string;
  description: string;
  stateId: string;
  attachments: Array<{ url: string; title?: string }>;
  comments: string[];
}

const STATES = {
  'state-todo': { id: 'state-todo', name: 'Todo', type: 'unstarted', color: '#e2e2e2', position: 1 },
  'state-done': { id: 'state-done', name: 'Done', type: 'completed', color: '#5e6ad2', position: 3 },
} as const;

export interface FakeLinear extends FakeServer {
  apiUrl: string;
  issues: Map<string, FakeLinearIssue>;
  calls: Array<{ operation: string | null; variables: unknown }>;
  violations: string[];
  failNext(status: number, times?: number): void;
  /** Marks the issue done; the webhook delivery Linear would send, signed with `secret`. */
  completeIssue(
    identifier: string,
    secret: string,
    at?: number,
  ): { headers: Record<string, string>; body: string };
}

export async function startFakeLinear(options: {
  apiKey: string;
  teamId: string;
  teamKey: string;
}): Promise<FakeLinear> {
  const issues = new Map<string, FakeLinearIssue>();
  const calls: FakeLinear['calls'] = [];
  const violations: string[] = [];
  const failures: number[] = [];
  let next = 1;
  let deliveries = 0;
  let server: FakeServer;

  const issueObject = (issue: FakeLinearIssue) => ({
    __typename: 'Issue',
    id: issue.id,
    identifier: issue.identifier,
    number: Number(issue.identifier.split('-')[1]),
    title: issue.title,
    description: issue.description,
    url: `${server.url}/acme/issue/${issue.identifier}`,
    priority: 0,
    state: STATES[issue.stateId as keyof typeof STATES],
    team: { id: options.teamId, key: options.teamKey, name: 'Engineering' },
  });
  const find = (id: string) =>
    [...issues.values()].find((issue) => issue.id === id || issue.identifier === id);
  const notFound = () =>
    new GraphQLError('Entity not found: Issue', {
      extensions: { type: 'invalid input', code: 'INPUT_ERROR' },
    });

  const root = {
    viewer: { id: 'user-1', name: 'Dexter Bot', email: 'bot@example.com', active: true },
    team: ({ id }: { id: string }) => {
      if (id !== options.teamId)
        throw new GraphQLError('Entity not found: Team', { extensions: { type: 'invalid input' } });
      return { id, key: options.teamKey, name: 'Engineering' };
    },
    issue: ({ id }: { id: string }) => {
      const issue = find(id);
      if (!issue) throw notFound();
      return issueObject(issue);
    },
    workflowState: ({ id }: { id: string }) => STATES[id as keyof typeof STATES] ?? null,
    issueCreate: ({ input }: { input: { teamId: string; title?: string; description?: string } }) => {
      if (input.teamId !== options.teamId)
        throw new GraphQLError('Entity not found: Team', { extensions: { type: 'invalid input' } });
      const number = next++;
      const issue: FakeLinearIssue = {
        id: `issue-${number}`,
        identifier: `${options.teamKey}-${number}`,
        title: input.title ?? '',
        description: input.description ?? '',
        stateId: 'state-todo',
        attachments: [],
        comments: [],
      };
      issues.set(issue.identifier, issue);
      return { success: true, lastSyncId: number, issue: issueObject(issue) };
    },
    commentCreate: ({ input }: { input: { issueId?: string; body?: string } }) => {
      const issue = find(String(input.issueId));
      if (!issue) throw notFound();
      issue.comments.push(input.body ?? '');
      return {
        success: true,
        lastSyncId: 1,
        comment: { id: `comment-${issue.comments.length}`, body: input.body },
      };
    },
    attachmentLinkURL: ({ issueId, url, title }: { issueId: string; url: string; title?: string }) => {
      const issue = find(issueId);
      if (!issue) throw notFound();
      issue.attachments.push({ url, title });
      return {
        success: true,
        lastSyncId: 1,
        attachment: { id: `att-${issue.attachments.length}`, url, title },
      };
    },
  };

  const fake = {
    issues,
    calls,
    violations,
    failNext(status: number, times = 1) {
      for (let i = 0; i < times; i++) failures.push(status);
    },
    completeIssue(identifier: string, secret: string, at = Date.now()) {
      const issue = issues.get(identifier);
      if (!issue) throw new Error(`no fake Linear issue ${identifier}`);
      issue.stateId = 'state-done';
      const body = JSON.stringify({
        action: 'update',
        type: 'Issue',
        createdAt: new Date(at).toISOString(),
        data: { ...issueObject(issue), stateId: issue.stateId },
        updatedFrom: { stateId: 'state-todo' },
        url: issueObject(issue).url,
        organizationId: 'org-1',
        webhookId: 'hook-1',
        webhookTimestamp: at,
      });
      deliveries += 1;
      return {
        body,
        headers: {
          'content-type': 'application/json',
          'linear-delivery': `delivery-${deliveries}`,
          'linear-event': 'Issue',
          'linear-signature': createHmac('sha256', secret).update(body).digest('hex'),
        },
      };
    },
  };

  server = await startFakeServer(({ method, headers, body }) => {
    if (method !== 'POST') return { status: 405, body: { errors: [{ message: 'POST only' }] } };
    const { query, variables } = (body ?? {}) as { query?: string; variables?: Record<string, unknown> };
    let document: DocumentNode;
    try {
      document = parse(String(query ?? ''));
    } catch (error) {
      violations.push(`parse: ${(error as Error).message}`);
      return { status: 400, body: { errors: [{ message: (error as Error).message }] } };
    }
    const errors = validate(linearSchema(), document);
    const operation = document.definitions.find((d) => d.kind === 'OperationDefinition');
    calls.push({
      operation: operation && 'name' in operation ? (operation.name?.value ?? null) : null,
      variables,
    });
    if (errors.length) {
      violations.push(...errors.map((e) => e.message));
      return { status: 400, body: { errors: errors.map((e) => ({ message: e.message })) } };
    }
    if (headers.authorization !== options.apiKey)
      return {
        status: 400,
        body: {
          errors: [
            {
              message: 'Authentication required, not authenticated',
              extensions: { type: 'authentication error', code: 'AUTHENTICATION_ERROR', userError: true },
            },
          ],
        },
      };
    const failure = failures.shift();
    if (failure) return { status: failure, body: { errors: [{ message: 'Internal server error (fake)' }] } };
    return Promise.resolve(
      execute({
        schema: linearSchema(),
        document,
        rootValue: root,
        variableValues: variables,
        fieldResolver,
      }),
    ).then((result) => {
      // Variable coercion errors (a missing teamId) are contract violations too.
      const coercion = result.errors?.filter((e) => !e.path) ?? [];
      violations.push(...coercion.map((e) => e.message));
      return { status: 200, body: result };
    });
  });
  return Object.assign(server, fake, { apiUrl: `${server.url}/graphql` });
}
