/**
 * A local Slack Web API for tests (HTTP on 127.0.0.1, port 0) that checks every request Dexter
 * makes against Slack's published spec (`../shared/specs/vendors/slack_web_openapi_v2.json`,
 * Swagger 2.0) with ajv, and records it. Per method, the spec's parameters become one JSON schema
 * (required ones required, types coerced from form strings, nothing unknown allowed).
 *
 * Spec quirks handled (see the spec manifest): every method declares a required `token` header
 * (real Slack and @slack/web-api send `Authorization: Bearer`), so the bearer header is required
 * instead; read methods such as `users.info` are declared GET with query parameters, while the
 * official client POSTs every method form-encoded, which Slack accepts, so parameters are read from
 * the query and the body alike. `blocks` is a JSON string in a form field; it is parsed and checked
 * for Block Kit's basic shape (an array of typed blocks, within Slack's limits).
 *
 * Answers: `chat.postMessage` gives increasing `ts` values and channel ids (`#name`/`name` map to
 * `C` + the upper-cased name, a user id `U…` to its DM channel `D…`); `users.info` and
 * `users.lookupByEmail` answer from `users`; `auth.test` names the bot.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../../..');
const SPEC_PATH = resolve(repoRoot, '../shared/specs/vendors/slack_web_openapi_v2.json');

interface SpecParameter {
  name: string;
  in: string;
  type?: string;
  required?: boolean;
}

export interface SlackCall {
  method: string;
  params: Record<string, unknown>;
  /** Parsed `blocks`, when the call had any. */
  blocks: Array<Record<string, unknown>> | null;
  authorization: string | null;
  /** Empty when the request matched the spec. */
  errors: string[];
}

export interface FakeSlackUser {
  id: string;
  name: string;
  email: string;
}

export const FAKE_BOT = { userId: 'UDEXTERBOT', botId: 'BDEXTER', appId: 'ADEXTER' };

const BLOCK_TYPES = new Set([
  'section',
  'header',
  'context',
  'actions',
  'divider',
  'image',
  'input',
  'rich_text',
]);

/** What Slack would refuse in a `blocks` array (message bodies and slash-command answers alike). */
export function blockErrors(blocks: unknown): string[] {
  if (!Array.isArray(blocks)) return ['blocks: not a JSON array'];
  const errors: string[] = [];
  if (blocks.length > 50) errors.push('blocks: more than 50 blocks');
  blocks.forEach((block, index) => {
    const type = (block as { type?: unknown })?.type;
    if (typeof type !== 'string' || !BLOCK_TYPES.has(type))
      errors.push(`blocks[${index}].type: ${String(type)}`);
    const text = (block as { text?: { text?: string } }).text?.text;
    if (type === 'header' && (typeof text !== 'string' || text.length > 150))
      errors.push(`blocks[${index}]: header text missing or over 150 characters`);
    const elements = (block as { elements?: unknown[] }).elements;
    if (type === 'actions' && (!Array.isArray(elements) || elements.length > 25))
      errors.push(`blocks[${index}].elements: missing or more than 25`);
    if (type === 'section' && ((block as { fields?: unknown[] }).fields?.length ?? 0) > 10)
      errors.push(`blocks[${index}].fields: more than 10`);
  });
  return errors;
}

export async function startFakeSlack(options: { users?: FakeSlackUser[] } = {}) {
  const spec = JSON.parse(readFileSync(SPEC_PATH, 'utf8')) as {
    paths: Record<string, Record<string, { parameters?: SpecParameter[] }>>;
  };
  const ajv = new Ajv({ coerceTypes: true, allErrors: true, strict: false });
  const validators = new Map<string, ValidateFunction>();
  const validatorFor = (method: string): ValidateFunction | null => {
    const path = spec.paths[`/${method}`];
    if (!path) return null;
    if (!validators.has(method)) {
      const operation = path.post ?? path.get ?? {};
      const parameters = (operation.parameters ?? []).filter((parameter) => parameter.name !== 'token');
      validators.set(
        method,
        ajv.compile({
          type: 'object',
          additionalProperties: false,
          properties: Object.fromEntries(
            parameters.map((parameter) => [parameter.name, { type: parameter.type ?? 'string' }]),
          ),
          required: parameters.filter((parameter) => parameter.required).map((parameter) => parameter.name),
        }),
      );
    }
    return validators.get(method)!;
  };

  const calls: SlackCall[] = [];
  /** Methods whose next call is answered 429 with this Retry-After (seconds). */
  const rateLimits = new Map<string, number>();
  const users = new Map((options.users ?? []).map((user) => [user.id, user]));
  /** While set, every call is answered with this status, as Slack answers during an outage. */
  let outage: number | null = null;
  let clock = 1_700_000_000;
  const nextTs = () => `${++clock}.000100`;
  const channelId = (channel: string) =>
    /^[CDG][A-Z0-9]+$/.test(channel)
      ? channel
      : /^U[A-Z0-9]+$/.test(channel)
        ? `D${channel.slice(1)}`
        : `C${channel
            .replace(/^#/, '')
            .toUpperCase()
            .replace(/[^A-Z0-9]/g, '')}`;

  const readBody = (request: IncomingMessage) =>
    new Promise<string>((resolve, reject) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      request.on('error', reject);
    });

  function answer(method: string, params: Record<string, unknown>): Record<string, unknown> {
    switch (method) {
      case 'auth.test':
        return {
          ok: true,
          url: 'https://dexter-test.slack.com/',
          team: 'Dexter Test',
          user: 'dexter',
          team_id: 'T0DEXTER',
          user_id: FAKE_BOT.userId,
          bot_id: FAKE_BOT.botId,
        };
      case 'chat.postMessage': {
        const ts = nextTs();
        return {
          ok: true,
          channel: channelId(String(params.channel)),
          ts,
          message: { text: params.text, ts },
        };
      }
      case 'chat.update':
        return { ok: true, channel: params.channel, ts: params.ts, text: params.text ?? '' };
      case 'chat.postEphemeral':
        return { ok: true, message_ts: nextTs() };
      case 'users.info': {
        const user = users.get(String(params.user));
        if (!user) return { ok: false, error: 'user_not_found' };
        return {
          ok: true,
          user: { id: user.id, name: user.name, real_name: user.name, profile: { email: user.email } },
        };
      }
      case 'users.lookupByEmail': {
        const email = String(params.email).toLowerCase();
        const user = [...users.values()].find((one) => one.email.toLowerCase() === email);
        if (!user) return { ok: false, error: 'users_not_found' };
        return { ok: true, user: { id: user.id, name: user.name, profile: { email: user.email } } };
      }
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }

  const server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const method = url.pathname.replace(/^\/api\//, '');
    const text = await readBody(request);
    const type = request.headers['content-type'] ?? '';
    const params: Record<string, unknown> = Object.fromEntries(url.searchParams);
    if (type.includes('application/json') && text) Object.assign(params, JSON.parse(text));
    else Object.assign(params, Object.fromEntries(new URLSearchParams(text)));
    const errors: string[] = [];
    const authorization = request.headers.authorization ?? null;
    if (!authorization?.startsWith('Bearer xox')) errors.push('authorization: no Bearer token');
    const validate = validatorFor(method);
    if (!validate) errors.push(`${method}: not a method of Slack's spec`);
    else if (!validate({ ...params }))
      for (const error of validate.errors ?? [])
        errors.push(`${method}${error.instancePath} ${error.message} ${JSON.stringify(error.params)}`);
    let blocks: SlackCall['blocks'] = null;
    if (typeof params.blocks === 'string') {
      try {
        blocks = JSON.parse(params.blocks);
        errors.push(...blockErrors(blocks));
      } catch {
        errors.push('blocks: not JSON');
      }
    }
    calls.push({ method, params, blocks, authorization, errors });
    response.setHeader('content-type', 'application/json');
    if (outage !== null) {
      response.statusCode = outage;
      response.end(JSON.stringify({ ok: false, error: 'service_unavailable' }));
      return;
    }
    const limited = rateLimits.get(method);
    if (limited !== undefined && errors.length === 0) {
      rateLimits.delete(method);
      response.statusCode = 429;
      response.setHeader('retry-after', String(limited));
      response.end(JSON.stringify({ ok: false, error: 'ratelimited' }));
      return;
    }
    if (errors.length > 0) {
      response.end(
        JSON.stringify({ ok: false, error: 'invalid_arguments', response_metadata: { messages: errors } }),
      );
      return;
    }
    response.end(JSON.stringify(answer(method, params)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/api/`,
    calls,
    /** Calls of one method, in order. */
    callsOf: (method: string) => calls.filter((call) => call.method === method),
    /** The next call of `method` is a 429 with `Retry-After: seconds`, as Slack rate-limits. */
    rateLimitNext: (method: string, seconds: number) => rateLimits.set(method, seconds),
    /** Slack is down: every call is answered `status` (503 unless given) until `up()`. */
    down: (status = 503) => {
      outage = status;
    },
    up: () => {
      outage = null;
    },
    /** Every call that broke the spec. */
    invalid: () => calls.filter((call) => call.errors.length > 0),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export type FakeSlack = Awaited<ReturnType<typeof startFakeSlack>>;
