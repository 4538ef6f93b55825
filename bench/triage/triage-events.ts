/**
 * The triage bench's issues: many distinct defects of a few Node services, each one sent as a
 * realistic `@sentry/node` error event (exception with 12 to 24 frames, in-app frames with source
 * context, user, tags, request, contexts; about 4 KB of JSON). Distinct in-app call chains group
 * into distinct issues with distinct titles and culprits.
 *
 * It is lighter than the ingest bench's catalog (`bench/ingest/bug-catalog.ts`, ~35 KB events built
 * at ~1,500 bugs/s) on purpose: this bench needs 100,000 issues in seconds, and what it measures
 * (lists, details, bulk changes, scrolling) depends on the number of issues, not on event size.
 * Everything is drawn from seeded PRNGs: the same index always yields the same defect.
 */
import { hexString, intBetween, pick, type Rng, seededRng } from '../lib/random';

const words = (text: string) => text.split(' ');

const NOUNS = words(
  'order invoice cart customer payment shipment coupon product inventory subscription webhook report session refund review notification',
);
const VERBS = words(
  'load create update cancel refund validate price sync export import apply reserve notify archive approve reconcile schedule render',
);
const HELPERS = words(
  'applyDiscounts computeTaxes mapLineItems resolveCurrency loadTenantSettings assertInvariants buildAuditEntry normalizeAddress splitShipments withRetry chunkBy toDto fromRow mergePatch enrichWithCustomer checkQuota publishEvent',
);
const REPOSITORY_METHODS = words('findById save lockForUpdate list upsert softDelete');
const TENANTS = Array.from({ length: 40 }, (_, i) => `tenant-${(i * 7919) % 10_000}`);

interface Crash {
  type: string;
  library: [file: string, fn: string][];
  message(rng: Rng, noun: string): string;
}

const CRASHES: Crash[] = [
  {
    type: 'TypeError',
    library: [],
    message: (rng) =>
      `Cannot read properties of undefined (reading '${pick(rng, ['id', 'total', 'items', 'status', 'currency'])}')`,
  },
  { type: 'TypeError', library: [], message: (_rng, noun) => `${noun}.lines.map is not a function` },
  {
    type: 'error',
    library: [
      ['knex/lib/execution/runner.js', 'Runner.query'],
      ['pg/lib/client.js', 'Client._handleErrorMessage'],
    ],
    message: (rng, noun) =>
      `duplicate key value violates unique constraint "${noun}s_pkey" (id=${intBetween(rng, 1, 9e6)})`,
  },
  {
    type: 'AxiosError',
    library: [
      ['axios/lib/core/Axios.js', 'Axios.request'],
      ['axios/lib/core/settle.js', 'settle'],
    ],
    message: (rng) => `Request failed with status code ${pick(rng, [500, 502, 503, 504])}`,
  },
  {
    type: 'NotFoundError',
    library: [],
    message: (rng, noun) => `${capitalize(noun)} ${intBetween(rng, 1, 9e6)} not found`,
  },
  {
    type: 'Error',
    library: [['ioredis/built/Redis.js', 'Redis.sendCommand']],
    message: (rng) => `connect ECONNREFUSED 10.0.${intBetween(rng, 0, 9)}.${intBetween(rng, 2, 250)}:6379`,
  },
  { type: 'RangeError', library: [], message: () => 'Invalid time value' },
  {
    type: 'TimeoutError',
    library: [['p-timeout/index.js', 'Timeout._onTimeout']],
    message: (rng) => `Promise timed out after ${pick(rng, [5000, 10000, 30000])} milliseconds`,
  },
];

const EXPRESS: [string, string][] = [
  ['express/lib/router/index.js', 'next'],
  ['express/lib/router/layer.js', 'Layer.handle [as handle_request]'],
  ['express/lib/router/route.js', 'Route.dispatch'],
];

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

const modulePath = (file: string) =>
  file
    .replace(/\.js$/, '')
    .replace(/\/([^/]+)$/, ':$1')
    .replaceAll('/', '.');

export interface TriageDefect {
  index: number;
  noun: string;
  verb: string;
  crash: Crash;
  handled: boolean;
  route: string;
  frames: Record<string, unknown>[];
}

function frame(rng: Rng, file: string, fn: string, inApp: boolean, callee: string): Record<string, unknown> {
  const lineno = intBetween(rng, 10, 600);
  const base = {
    filename: inApp ? `/app/dist/${file}` : `/app/node_modules/${file}`,
    module: modulePath(file),
    function: fn,
    lineno,
    colno: intBetween(rng, 5, 60),
    in_app: inApp,
  };
  if (!inApp) return base;
  return {
    ...base,
    pre_context: [
      `  async ${fn.split('.').pop() ?? fn}(ctx, input) {`,
      '    const started = Date.now();',
      `    log.debug({ tenant: ctx.tenant }, 'line ${lineno - 1}');`,
    ],
    context_line: `    const result = await ${callee};`,
    post_context: ['    metrics.observe(Date.now() - started);', '    return result;', '  }'],
  };
}

/**
 * Defects with distinct in-app chains. `taken` holds the chains drawn so far (a retry draws
 * another chain), so the same sequence of calls yields the same catalog.
 */
export function buildDefect(index: number, taken: Set<string>): TriageDefect {
  for (let attempt = 0; ; attempt++) {
    const rng = seededRng(index * 7919 + attempt * 104_729 + 29);
    const noun = pick(rng, NOUNS);
    const verb = pick(rng, VERBS);
    const dir = `${noun}s`;
    const chain: [string, string][] = [
      [`${dir}/${noun}-controller.js`, `${capitalize(noun)}Controller.${verb}`],
      [`${dir}/${noun}-service.js`, `${capitalize(noun)}Service.${verb}${capitalize(noun)}`],
      ...Array.from({ length: intBetween(rng, 1, 5) }, (): [string, string] => {
        const helper = pick(rng, HELPERS);
        return [`${pick(rng, [dir, 'shared', 'lib'])}/${helper}.js`, helper];
      }),
      [`${dir}/${noun}-repository.js`, `${capitalize(noun)}Repository.${pick(rng, REPOSITORY_METHODS)}`],
    ];
    const key = chain.map(([file, fn]) => `${file}#${fn}`).join('|');
    if (taken.has(key)) continue;
    taken.add(key);
    const crash = pick(rng, CRASHES);
    const frames: Record<string, unknown>[] = [
      {
        filename: 'node:internal/process/task_queues',
        module: 'task_queues',
        function: 'process.processTicksAndRejections',
        lineno: 95,
        colno: 5,
        in_app: false,
      },
    ];
    for (let i = intBetween(rng, 1, 3); i > 0; i--) {
      for (const [file, fn] of EXPRESS) frames.push(frame(rng, file, fn, false, ''));
    }
    for (const [i, [file, fn]] of chain.entries()) {
      const callee = chain[i + 1]?.[1] ?? crash.library[0]?.[1] ?? `${noun}.lines.map(toLine)`;
      frames.push(frame(rng, file, fn, true, `${callee.split('.').pop()}(ctx, ${noun}Id)`));
    }
    for (const [file, fn] of crash.library) frames.push(frame(rng, file, fn, false, ''));
    return {
      index,
      noun,
      verb,
      crash,
      handled: rng() < 0.7,
      route: `${pick(rng, ['GET', 'POST', 'PUT', 'DELETE'])} /api/v1/${dir}/:id/${verb}`,
      frames,
    };
  }
}

export interface OccurrenceOptions {
  eventId: string;
  /** Epoch ms. */
  at: number;
  release: string;
  environment: string;
}

/** One occurrence of `defect` as the SDK sends it; `rng` decides what varies per occurrence. */
export function buildOccurrence(defect: TriageDefect, rng: Rng, options: OccurrenceOptions) {
  const userNo = intBetween(rng, 1, 5000);
  const traceId = hexString(rng, 32);
  const [method, path] = defect.route.split(' ') as [string, string];
  return {
    event_id: options.eventId,
    timestamp: options.at / 1000,
    platform: 'node',
    level: pick(rng, ['error', 'error', 'error', 'fatal', 'warning']),
    environment: options.environment,
    release: options.release,
    server_name: `api-7c9f6d-${hexString(rng, 5)}`,
    exception: {
      values: [
        {
          type: defect.crash.type,
          value: defect.crash.message(rng, defect.noun),
          stacktrace: { frames: defect.frames },
          mechanism: defect.handled
            ? { type: 'generic', handled: true }
            : { type: 'auto.middleware.express', handled: false },
        },
      ],
    },
    user: { id: `u_${userNo}`, email: `user${userNo}@example.com` },
    tags: {
      tenant: pick(rng, TENANTS),
      plan: pick(rng, ['free', 'team', 'business', 'enterprise']),
      region: pick(rng, ['eu-west-1', 'eu-central-1', 'us-east-1']),
    },
    request: {
      method,
      url: `https://api.acme.io${path.replace(':id', String(intBetween(rng, 1, 9e6)))}`,
      headers: { host: 'api.acme.io', accept: 'application/json', 'x-request-id': hexString(rng, 32) },
    },
    contexts: {
      trace: { trace_id: traceId, span_id: hexString(rng, 16), op: 'http.server', status: 'internal_error' },
      runtime: { name: 'node', version: 'v20.18.1' },
      os: { name: 'Linux', version: '6.8.0-1019-aws' },
    },
    breadcrumbs: Array.from({ length: intBetween(rng, 2, 6) }, (_, i) => ({
      timestamp: options.at / 1000 - 5 + i,
      category: 'query',
      message: `select * from "${defect.noun}s" where "tenant_id" = $1 and "id" = $2`,
    })),
    sdk: { name: 'sentry.javascript.node', version: '9.1.0' },
  };
}
