/**
 * The "bugs" the ingest bench's events come from. A bug is one defect of a Node/Express service:
 * its own in-app call chain (controller, service, helpers, repository), error type, route and
 * crash site, with 20 to 40 frames as `@sentry/node` sends them (snake_case, caller first, source
 * context on every file frame; Express and driver frames from node_modules; Node internals). No
 * two bugs share an in-app chain, so each should group into its own issue. Drawn from seeded
 * PRNGs: the same count always yields the same catalog.
 */
import { intBetween, pick, type Rng, seededRng } from '../lib/random';
import { type FrameWords, sourceContext } from './source-context';

const wordList = (text: string) => text.split(' ');

export interface SdkFrame {
  filename: string;
  module: string;
  function: string;
  lineno: number;
  colno: number;
  in_app: boolean;
  pre_context?: string[];
  context_line?: string;
  post_context?: string[];
}

export interface Bug {
  index: number;
  noun: string;
  verb: string;
  errorType: string;
  route: { method: string; path: string };
  mechanism: { type: string; handled: boolean };
  fingerprint?: string[];
  frames: SdkFrame[];
  message(rng: Rng): string;
}

const FEATURES = wordList(
  'order invoice cart customer payment shipment coupon product inventory subscription webhook report session refund review notification',
);
const VERBS = wordList(
  'load create update cancel refund validate price sync export import apply reserve notify archive approve reconcile schedule render',
);
const HELPERS = wordList(
  'applyDiscounts computeTaxes mapLineItems resolveCurrency loadTenantSettings assertInvariants buildAuditEntry normalizeAddress splitShipments withRetry chunkBy toDto fromRow mergePatch enrichWithCustomer checkQuota publishEvent',
);

const capitalize = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);
const modulePath = (file: string) =>
  file
    .replace(/\.js$/, '')
    .replace(/\/([^/]+)$/, ':$1')
    .replaceAll('/', '.');

interface CrashKind {
  type: string;
  /** Library frames at the crash site, innermost last. */
  library: [file: string, fn: string][];
  message(rng: Rng, bug: { noun: string }): string;
}

const CRASH_KINDS: CrashKind[] = [
  {
    type: 'TypeError',
    library: [],
    message: (rng) =>
      `Cannot read properties of undefined (reading '${pick(rng, ['id', 'total', 'items', 'status'])}')`,
  },
  { type: 'TypeError', library: [], message: (_rng, b) => `${b.noun}.lines.map is not a function` },
  {
    type: 'error',
    library: [
      ['knex/lib/execution/runner.js', 'Runner.query'],
      ['knex/lib/client.js', 'Client_PG._query'],
      ['pg/lib/client.js', 'Client._handleReadyForQuery'],
      ['pg/lib/client.js', 'Client._handleErrorMessage'],
      ['pg-protocol/dist/parser.js', 'Parser.parseErrorMessage'],
    ],
    message: (rng, b) =>
      `insert into "${b.noun}s" ("id", "tenant_id") values ($1, $2) - duplicate key value violates unique constraint "${b.noun}s_pkey" (id=${intBetween(rng, 1, 9e6)})`,
  },
  {
    type: 'AxiosError',
    library: [
      ['axios/lib/core/Axios.js', 'Axios.request'],
      ['axios/lib/core/dispatchRequest.js', 'dispatchRequest'],
      ['axios/lib/adapters/http.js', 'settle'],
      ['axios/lib/core/settle.js', 'settle'],
    ],
    message: (rng) => `Request failed with status code ${pick(rng, [500, 502, 503, 504])}`,
  },
  {
    type: 'ZodError',
    library: [
      ['zod/lib/types.js', 'ZodObject.parse'],
      ['zod/lib/types.js', 'ZodObject._parse'],
    ],
    message: (rng) =>
      `[{"code":"invalid_type","expected":"string","received":"undefined","path":["${pick(rng, ['email', 'currency', 'sku'])}"],"message":"Required"}]`,
  },
  {
    type: 'NotFoundError',
    library: [],
    message: (rng, b) => `${capitalize(b.noun)} ${intBetween(rng, 1, 9e6)} not found`,
  },
  {
    type: 'SyntaxError',
    library: [['body-parser/lib/types/json.js', 'parse']],
    message: (rng) =>
      `Unexpected token '<', "<html><hea"... is not valid JSON (position ${intBetween(rng, 0, 4)})`,
  },
  {
    type: 'Error',
    library: [
      ['ioredis/built/Redis.js', 'Redis.sendCommand'],
      ['ioredis/built/redis/event_handler.js', 'Socket.<anonymous>'],
    ],
    message: (rng) => `connect ECONNREFUSED 10.0.${intBetween(rng, 0, 9)}.${intBetween(rng, 2, 250)}:6379`,
  },
  { type: 'RangeError', library: [], message: () => 'Invalid time value' },
  {
    type: 'TimeoutError',
    library: [['p-timeout/index.js', 'Timeout._onTimeout']],
    message: (rng) => `Promise timed out after ${pick(rng, [5000, 10000, 30000])} milliseconds`,
  },
];

// Express's router between the HTTP server and the app's middleware; real apps repeat these pairs
// once per middleware, which is how Node stacks reach 30+ frames.
const EXPRESS_FRAMES: [string, string][] = [
  ['express/lib/router/index.js', 'next'],
  ['express/lib/router/layer.js', 'Layer.handle [as handle_request]'],
  ['express/lib/router/index.js', 'Function.process_params'],
  ['express/lib/router/route.js', 'Route.dispatch'],
  ['express/lib/router/route.js', 'next'],
];
const MIDDLEWARE: [string, string][] = [
  ['middleware/request-context.js', 'withRequestContext'],
  ['middleware/auth.js', 'requireAuth'],
  ['middleware/tenant.js', 'resolveTenant'],
  ['middleware/rate-limit.js', 'rateLimit'],
];

function libraryFrame(rng: Rng, file: string, fn: string): SdkFrame {
  const method =
    fn
      .replace(/ \[.*\]$/, '')
      .split('.')
      .pop() ?? fn;
  const words: FrameWords = { noun: 'req', verb: 'handle', callee: `${method}(req, res, next)` };
  return {
    filename: `/app/node_modules/${file}`,
    module: modulePath(file),
    function: fn,
    lineno: intBetween(rng, 20, 900),
    colno: intBetween(rng, 3, 40),
    in_app: false,
    ...sourceContext(rng, words),
  };
}

function appFrame(rng: Rng, file: string, fn: string, words: FrameWords): SdkFrame {
  return {
    filename: `/app/dist/${file}`,
    module: modulePath(file),
    function: fn,
    lineno: intBetween(rng, 10, 600),
    colno: intBetween(rng, 5, 60),
    in_app: true,
    ...sourceContext(rng, words),
  };
}

function buildBug(index: number, taken: Set<string>): Bug {
  for (let attempt = 0; ; attempt++) {
    const rng = seededRng(index * 7919 + attempt * 104_729 + 17);
    const noun = pick(rng, FEATURES);
    const verb = pick(rng, VERBS);
    const dir = `${noun}s`;
    const helperCount = intBetween(rng, 2, 9);
    const chain: [string, string][] = [
      [`${dir}/${noun}-controller.js`, `${capitalize(noun)}Controller.${verb}`],
      [`${dir}/${noun}-service.js`, `${capitalize(noun)}Service.${verb}${capitalize(noun)}`],
      ...Array.from({ length: helperCount }, (): [string, string] => {
        const helper = pick(rng, HELPERS);
        return [
          `${pick(rng, [dir, 'shared', 'lib'])}/${helper.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}.js`,
          helper,
        ];
      }),
      [
        `${dir}/${noun}-repository.js`,
        `${capitalize(noun)}Repository.${pick(rng, ['findById', 'save', 'lockForUpdate', 'list'])}`,
      ],
    ];
    const key = chain.map(([file, fn]) => `${file}#${fn}`).join('|');
    if (taken.has(key)) continue;
    taken.add(key);

    const crash = pick(rng, CRASH_KINDS);
    const middleware = MIDDLEWARE.slice(0, intBetween(rng, 1, MIDDLEWARE.length));
    const words = (callee: string): FrameWords => ({ noun, verb, callee });
    const frames: SdkFrame[] = [
      {
        filename: 'node:internal/process/task_queues',
        module: 'task_queues',
        function: 'process.processTicksAndRejections',
        lineno: 95,
        colno: 5,
        in_app: false,
      },
    ];
    const target = intBetween(rng, 20, 40);
    const fixed =
      frames.length + middleware.length * 2 + chain.length + crash.library.length + EXPRESS_FRAMES.length;
    for (const [file, fn] of EXPRESS_FRAMES) frames.push(libraryFrame(rng, file, fn));
    // Pad with Express's per-middleware `next` / `Layer.handle` frames up to the target depth.
    for (let i = 0; i < target - fixed; i++) {
      frames.push(
        i % 2 === 0
          ? libraryFrame(rng, 'express/lib/router/index.js', 'next')
          : libraryFrame(rng, 'express/lib/router/layer.js', 'Layer.handle [as handle_request]'),
      );
    }
    for (const [file, fn] of middleware) {
      frames.push(appFrame(rng, file, fn, words('next()')));
      frames.push(libraryFrame(rng, 'express/lib/router/index.js', 'next'));
    }
    for (const [i, [file, fn]] of chain.entries()) {
      const callee = chain[i + 1]?.[1] ?? crash.library[0]?.[1] ?? `${noun}.lines.map(toLine)`;
      frames.push(appFrame(rng, file, fn, words(`${callee.split('.').pop()}(ctx, ${noun}Id)`)));
    }
    for (const [file, fn] of crash.library) frames.push(libraryFrame(rng, file, fn));

    const handled = rng() < 0.7;
    return {
      index,
      noun,
      verb,
      errorType: crash.type,
      route: {
        method: pick(rng, ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']),
        path: `/api/v1/${dir}/:id/${verb}`,
      },
      mechanism: handled
        ? { type: 'generic', handled: true }
        : { type: 'auto.middleware.express', handled: false },
      ...(rng() < 0.05 ? { fingerprint: ['{{ default }}', `${noun}-${verb}`] } : {}),
      frames,
      message: (eventRng) => crash.message(eventRng, { noun }),
    };
  }
}

/** `count` distinct bugs; the same `count` always yields the same catalog. */
export function buildBugCatalog(count: number): Bug[] {
  const taken = new Set<string>();
  return Array.from({ length: count }, (_, index) => buildBug(index, taken));
}
