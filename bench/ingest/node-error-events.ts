/**
 * One occurrence of a bug as a realistic `@sentry/node` error event of about 50 KB: the bug's
 * exception and frames plus what varies between occurrences in production (message, user,
 * request, tags, trace ids, breadcrumbs), and what every event of a service carries (contexts,
 * loaded modules, SDK metadata). Breadcrumbs are added until the event reaches its target size,
 * at most 100 (the SDK's default cap).
 */
import { hexString, intBetween, pick, type Rng } from '../lib/random';
import type { Bug } from './bug-catalog';

// What the service has loaded; the SDK's Modules integration sends it with every event.
const MODULE_SPECS = `
  express@4.21.2 body-parser@1.20.3 cors@2.8.5 helmet@7.2.0 compression@1.7.5 cookie-parser@1.4.7
  express-session@1.18.1 passport@0.7.0 passport-jwt@4.0.1 jsonwebtoken@9.0.2 bcrypt@5.1.1 knex@3.1.0
  pg@8.13.1 pg-protocol@1.7.0 ioredis@5.4.2 bullmq@5.34.6 axios@1.7.9 zod@3.24.1 pino@9.6.0
  pino-http@10.3.0 dotenv@16.4.7 lodash@4.17.21 date-fns@4.1.0 uuid@11.0.5 nanoid@5.0.9 stripe@17.5.0
  @aws-sdk/client-s3@3.726.1 @aws-sdk/client-sqs@3.726.1 nodemailer@6.9.16 handlebars@4.7.8
  p-timeout@6.1.4 p-limit@6.2.0 prom-client@15.1.3 dataloader@2.2.3 graphql@16.10.0
  @apollo/server@4.11.3 ajv@8.17.1 qs@6.13.1 mime-types@2.1.35 multer@1.4.5-lts.1 sharp@0.33.5
  csv-stringify@6.5.2 pdfkit@0.15.2 luxon@3.5.0 decimal.js@10.4.3 currency.js@2.0.4 i18next@24.2.1
  ws@8.18.0 socket.io@4.8.1 @sentry/node@9.1.0 @sentry/core@9.1.0 @opentelemetry/api@1.9.0
  semver@7.6.3 debug@4.4.0 ms@2.1.3 raw-body@2.5.2 iconv-lite@0.6.3 on-finished@2.4.1
  finalhandler@1.3.1 path-to-regexp@0.1.12 send@0.19.0 serve-static@1.16.2
`;

const MODULES: Record<string, string> = Object.fromEntries(
  MODULE_SPECS.trim()
    .split(/\s+/)
    .map((spec) => {
      const at = spec.lastIndexOf('@');
      return [spec.slice(0, at), spec.slice(at + 1)];
    }),
);

const SDK = {
  name: 'sentry.javascript.node',
  version: '9.1.0',
  integrations: (
    'InboundFilters FunctionToString LinkedErrors RequestData Console Http NodeFetch OnUncaughtException ' +
    'OnUnhandledRejection ContextLines LocalVariables Context ChildProcess Modules Express Postgres Redis Graphql'
  ).split(' '),
  packages: [{ name: 'npm:@sentry/node', version: '9.1.0' }],
};

const SERVERS = ['api-7c9f6d-2xk4p', 'api-7c9f6d-9qz2m', 'api-7c9f6d-h5w8n', 'api-7c9f6d-t3r6b'];
const TENANTS = Array.from({ length: 40 }, (_, i) => `tenant-${(i * 7919) % 10_000}`);

function breadcrumb(rng: Rng, bug: Bug, at: number): Record<string, unknown> {
  const timestamp = Math.round(at * 1000) / 1000;
  switch (intBetween(rng, 0, 3)) {
    case 0:
      return {
        timestamp,
        category: 'http',
        type: 'http',
        data: {
          'http.method': pick(rng, ['GET', 'POST']),
          url: `https://${pick(rng, ['payments', 'pricing', 'identity', 'search'])}.internal.acme.io/v2/${bug.noun}s/${intBetween(rng, 1, 9e6)}`,
          'http.query': `?expand=lines&tenant=${pick(rng, TENANTS)}`,
          'http.response_content_length': intBetween(rng, 0, 40_000),
          status_code: pick(rng, [200, 200, 200, 201, 204, 404, 502]),
        },
      };
    case 1: {
      // The SDK's console integration keeps the raw arguments beside the formatted message.
      const args = [
        `[${bug.noun}s]`,
        `${bug.verb} ${bug.noun} ${intBetween(rng, 1, 9e6)}`,
        `tenant=${pick(rng, TENANTS)}`,
        `took ${intBetween(rng, 1, 900)}ms`,
      ];
      return {
        timestamp,
        category: 'console',
        level: pick(rng, ['log', 'info', 'warning']),
        message: args.join(' '),
        data: { arguments: args, logger: 'console' },
      };
    }
    case 2:
      return {
        timestamp,
        category: 'query',
        message: `select "${bug.noun}s".* from "${bug.noun}s" where "tenant_id" = $1 and "id" = $2 limit $3`,
        data: { 'db.system': 'postgresql', duration_ms: intBetween(rng, 1, 120) },
      };
    default:
      return {
        timestamp,
        category: 'auth',
        level: 'info',
        message: `token refreshed for user u_${intBetween(rng, 1, 5000)} (scopes: ${bug.noun}s:read ${bug.noun}s:write)`,
      };
  }
}

export interface EventOptions {
  eventId: string;
  /** Unix seconds. */
  now: number;
  /** Uncompressed JSON size to aim for; breadcrumbs are added until it is reached (at most 100). */
  targetBytes: number;
  release: string;
}

/** One occurrence of `bug`; `rng` decides everything that varies between occurrences. */
export function buildEvent(bug: Bug, rng: Rng, options: EventOptions): Record<string, unknown> {
  const id = intBetween(rng, 1, 9e6);
  const userNo = intBetween(rng, 1, 5000);
  const traceId = hexString(rng, 32);
  const path = bug.route.path.replace(':id', String(id));
  const hasBody = bug.route.method !== 'GET' && bug.route.method !== 'DELETE';
  const body = hasBody
    ? JSON.stringify({
        [`${bug.noun}Id`]: id,
        currency: pick(rng, ['EUR', 'USD', 'GBP']),
        lines: Array.from({ length: intBetween(rng, 1, 6) }, () => ({
          sku: `SKU-${hexString(rng, 6).toUpperCase()}`,
          quantity: intBetween(rng, 1, 5),
          unitPrice: intBetween(rng, 100, 99_999) / 100,
        })),
        note: pick(rng, ['', 'leave at the door', 'gift wrap please', 'urgent']),
      })
    : undefined;
  const event: Record<string, unknown> = {
    exception: {
      values: [
        {
          type: bug.errorType,
          value: bug.message(rng),
          stacktrace: { frames: bug.frames },
          mechanism: bug.mechanism,
        },
      ],
    },
    level: 'error',
    event_id: options.eventId,
    platform: 'node',
    timestamp: options.now,
    environment: 'production',
    release: options.release,
    server_name: pick(rng, SERVERS),
    transaction: `${bug.route.method} ${bug.route.path}`,
    ...(bug.fingerprint ? { fingerprint: bug.fingerprint } : {}),
    user: {
      id: `u_${userNo}`,
      email: `user${userNo}@example.com`,
      ip_address: `10.${intBetween(rng, 0, 255)}.${intBetween(rng, 0, 255)}.${intBetween(rng, 1, 254)}`,
    },
    tags: {
      tenant: pick(rng, TENANTS),
      plan: pick(rng, ['free', 'team', 'business', 'enterprise']),
      region: pick(rng, ['eu-west-1', 'eu-central-1', 'us-east-1']),
      'feature.checkout_v2': pick(rng, ['on', 'off']),
    },
    request: {
      method: bug.route.method,
      url: `https://api.acme.io${path}`,
      query_string: `include=lines,customer&locale=${pick(rng, ['en-US', 'de-DE', 'fr-FR'])}`,
      headers: {
        host: 'api.acme.io',
        'user-agent': pick(rng, [
          'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15',
          'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
          'acme-ios/5.12.0 (iPhone; iOS 18.1; Scale/3.00)',
        ]),
        accept: 'application/json',
        'accept-encoding': 'gzip, deflate, br',
        'accept-language': 'en-US,en;q=0.9',
        'content-type': 'application/json',
        'x-forwarded-for': `203.0.113.${intBetween(rng, 1, 254)}`,
        'x-forwarded-proto': 'https',
        'x-request-id': hexString(rng, 32),
        traceparent: `00-${traceId}-${hexString(rng, 16)}-01`,
      },
      ...(body ? { data: body } : {}),
    },
    contexts: {
      trace: {
        trace_id: traceId,
        span_id: hexString(rng, 16),
        parent_span_id: hexString(rng, 16),
        op: 'http.server',
        status: 'internal_error',
      },
      runtime: { name: 'node', version: 'v20.18.1' },
      app: {
        app_start_time: new Date((options.now - 86_400) * 1000).toISOString(),
        app_memory: intBetween(rng, 120, 480) * 1024 * 1024,
      },
      os: { kernel_version: '6.8.0-1019-aws', name: 'Linux', version: '6.8.0-1019-aws' },
      device: {
        boot_time: '2024-11-02T08:14:51.000Z',
        arch: 'x64',
        memory_size: 8_227_115_008,
        free_memory: intBetween(rng, 1, 6) * 1024 ** 3,
        processor_count: 2,
        cpu_description: 'Intel(R) Xeon(R) Platinum 8259CL CPU @ 2.50GHz',
        processor_frequency: 2500,
      },
      culture: { locale: 'en-US', timezone: 'UTC' },
      cloud_resource: { 'cloud.provider': 'aws', 'cloud.region': 'eu-west-1', 'cloud.platform': 'aws_ecs' },
    },
    extra: { requestId: hexString(rng, 32), attempt: intBetween(rng, 1, 3) },
    modules: MODULES,
    sdk: SDK,
  };
  const breadcrumbs: Record<string, unknown>[] = [];
  let size = JSON.stringify(event).length + '"breadcrumbs":[],'.length;
  let at = options.now - 60;
  while (size < options.targetBytes && breadcrumbs.length < 100) {
    at += rng() * 0.5;
    const crumb = breadcrumb(rng, bug, at);
    breadcrumbs.push(crumb);
    size += JSON.stringify(crumb).length + 1;
  }
  event.breadcrumbs = breadcrumbs;
  return event;
}
