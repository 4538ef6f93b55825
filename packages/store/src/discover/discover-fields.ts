/**
 * The field grammar of Discover (`field=` and `yAxis=` values): a column (`release`,
 * `tags[shard]`, `tags[latency,number]`, any tag key) or a function over one
 * (`count()`, `count_unique(user)`, `count_if(level,equals,error)`, `p95(span.duration)`, …),
 * checked against the dataset. Pure: every refusal is a `DiscoverQueryError` naming the parameter.
 *
 * Which columns exist and which are numeric depends on the dataset: the errors dataset has no
 * durations, so its numeric columns are `timestamp` (min/max only) and numeric tags
 * (`tags[name,number]`, Sentry's spelling); spans and transactions add their durations.
 */
import { DiscoverQueryError } from './discover-errors';

export type Dataset = 'errors' | 'spans' | 'transactions';
export type FieldType = 'string' | 'integer' | 'number' | 'date' | 'percentage' | 'duration';

export interface ColumnRef {
  kind: 'column';
  /** As written: the row key. */
  name: string;
  /** A built-in column name, or the tag key for a tag. */
  source: { builtIn: BuiltInColumn } | { tag: string; numeric: boolean };
  type: FieldType;
}

export type FunctionName =
  | 'count'
  | 'count_unique'
  | 'count_if'
  | 'failure_rate'
  | 'p50'
  | 'p75'
  | 'p95'
  | 'p99'
  | 'last_seen'
  | 'min'
  | 'max'
  | 'avg'
  | 'sum';

export type ConditionOp = 'equals' | 'notEquals' | 'less' | 'greater' | 'lessOrEquals' | 'greaterOrEquals';
export const CONDITION_OPS: readonly ConditionOp[] = [
  'equals',
  'notEquals',
  'less',
  'greater',
  'lessOrEquals',
  'greaterOrEquals',
];

export interface FunctionRef {
  kind: 'function';
  name: string;
  fn: FunctionName;
  column: ColumnRef | null;
  /** `count_if` only. */
  condition?: { op: ConditionOp; value: string };
  type: FieldType;
  unit: string | null;
}

export type FieldRef = ColumnRef | FunctionRef;

/** Built-in columns per dataset, with their type. Anything else that looks like a tag key is a tag. */
const ERROR_COLUMNS = {
  id: 'string',
  timestamp: 'date',
  project: 'string',
  'project.id': 'integer',
  'issue.id': 'integer',
  title: 'string',
  message: 'string',
  culprit: 'string',
  level: 'string',
  environment: 'string',
  release: 'string',
  platform: 'string',
  transaction: 'string',
  'event.type': 'string',
  user: 'string',
  'user.id': 'string',
  'user.email': 'string',
  'user.username': 'string',
  'user.ip': 'string',
  'error.type': 'string',
  'error.value': 'string',
  'error.handled': 'string',
  'geo.country_code': 'string',
  'geo.city': 'string',
  'geo.region': 'string',
} as const satisfies Record<string, FieldType>;
export type BuiltInColumn =
  | keyof typeof ERROR_COLUMNS
  | 'span.duration'
  | 'transaction.duration'
  | 'span.status';

const SPAN_COLUMNS: Partial<Record<BuiltInColumn, FieldType>> = {
  'span.duration': 'duration',
  'transaction.duration': 'duration',
  'span.status': 'string',
};

export function columnsOf(dataset: Dataset): Partial<Record<BuiltInColumn, FieldType>> {
  return dataset === 'errors' ? ERROR_COLUMNS : { ...ERROR_COLUMNS, ...SPAN_COLUMNS };
}

const TAG_KEY = /^[a-zA-Z0-9_.:-]{1,200}$/;
const EXPLICIT_TAG = /^tags\[([a-zA-Z0-9_.:-]{1,200})(?:,\s*(string|number))?\]$/;
const FUNCTION = /^([a-z0-9_]+)\((.*)\)$/;
const NUMERIC: readonly FieldType[] = ['integer', 'number', 'duration', 'percentage'];

const shown = (text: string) => JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}…` : text);

export function parseColumn(text: string, dataset: Dataset, parameter: string): ColumnRef {
  const explicit = EXPLICIT_TAG.exec(text);
  if (explicit) {
    const numeric = explicit[2] === 'number';
    return {
      kind: 'column',
      name: text,
      source: { tag: explicit[1]!, numeric },
      type: numeric ? 'number' : 'string',
    };
  }
  const builtIn = columnsOf(dataset)[text as BuiltInColumn];
  if (builtIn)
    return { kind: 'column', name: text, source: { builtIn: text as BuiltInColumn }, type: builtIn };
  if (SPAN_COLUMNS[text as BuiltInColumn]) {
    throw new DiscoverQueryError(
      parameter,
      'unknown-field',
      `${shown(text)} is not a column of dataset ${dataset}`,
    );
  }
  if (!TAG_KEY.test(text)) {
    throw new DiscoverQueryError(
      parameter,
      'invalid-field',
      `${shown(text)} is neither a column, a function nor a tag key (letters, digits, _ . : -)`,
    );
  }
  // As in Sentry, any other name is a tag.
  return { kind: 'column', name: text, source: { tag: text, numeric: false }, type: 'string' };
}

const PERCENTILES: readonly FunctionName[] = ['p50', 'p75', 'p95', 'p99'];
const NUMERIC_AGGREGATES: readonly FunctionName[] = [...PERCENTILES, 'min', 'max', 'avg', 'sum'];
const KNOWN: readonly FunctionName[] = [
  'count',
  'count_unique',
  'count_if',
  'failure_rate',
  'last_seen',
  ...NUMERIC_AGGREGATES,
];

/** Commas inside `tags[name,number]` do not separate arguments. */
function splitArgs(text: string): string[] {
  if (text.trim() === '') return [];
  const args: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of text) {
    if (char === '[') depth += 1;
    if (char === ']') depth -= 1;
    if (char === ',' && depth === 0) {
      args.push(current.trim());
      current = '';
    } else current += char;
  }
  args.push(current.trim());
  return args;
}

/** One `field` value: a function when it has parentheses, a column otherwise. */
export function parseField(text: string, dataset: Dataset, parameter = 'field'): FieldRef {
  if (text.trim() === '')
    throw new DiscoverQueryError(parameter, 'invalid-field', 'a field may not be empty');
  if (text.startsWith('equation|')) {
    throw new DiscoverQueryError(
      parameter,
      'unsupported-field',
      `${shown(text)}: equations are not supported`,
    );
  }
  const call = FUNCTION.exec(text);
  if (!call) return parseColumn(text, dataset, parameter);
  const fn = call[1] as FunctionName;
  if (!KNOWN.includes(fn)) {
    throw new DiscoverQueryError(
      parameter,
      'unknown-function',
      `${shown(text)}: ${call[1]}() is not a function; known: ${KNOWN.map((k) => `${k}()`).join(', ')}`,
    );
  }
  const args = splitArgs(call[2]!);
  const arity = (min: number, max: number) => {
    if (args.length < min || args.length > max) {
      const expected = min === max ? `${min}` : `${min} to ${max}`;
      throw new DiscoverQueryError(
        parameter,
        'invalid-arguments',
        `${shown(text)}: ${fn}() takes ${expected} argument${max === 1 ? '' : 's'}, got ${args.length}`,
      );
    }
  };
  const base = { kind: 'function' as const, name: text, fn };
  switch (fn) {
    case 'count':
    case 'last_seen':
      arity(0, 0);
      return { ...base, column: null, type: fn === 'count' ? 'integer' : 'date', unit: null };
    case 'failure_rate':
      arity(0, 0);
      if (dataset === 'errors') {
        throw new DiscoverQueryError(
          parameter,
          'unsupported-function',
          `${shown(text)}: failure_rate() counts transactions; use dataset=spans or transactions`,
        );
      }
      return { ...base, column: null, type: 'percentage', unit: null };
    case 'count_unique':
      arity(1, 1);
      return { ...base, column: parseColumn(args[0]!, dataset, parameter), type: 'integer', unit: null };
    case 'count_if': {
      arity(3, 3);
      const column = parseColumn(args[0]!, dataset, parameter);
      const op = args[1] as ConditionOp;
      if (!CONDITION_OPS.includes(op)) {
        throw new DiscoverQueryError(
          parameter,
          'invalid-arguments',
          `${shown(text)}: the operator must be one of ${CONDITION_OPS.join(', ')}`,
        );
      }
      const ordered = op !== 'equals' && op !== 'notEquals';
      if (ordered && !NUMERIC.includes(column.type) && column.type !== 'date') {
        throw new DiscoverQueryError(
          parameter,
          'invalid-arguments',
          `${shown(text)}: ${op} needs a numeric column, ${column.name} is ${column.type}`,
        );
      }
      if (ordered && !Number.isFinite(Number(args[2]))) {
        throw new DiscoverQueryError(
          parameter,
          'invalid-arguments',
          `${shown(text)}: ${shown(args[2]!)} is not a number`,
        );
      }
      return { ...base, column, condition: { op, value: args[2]! }, type: 'integer', unit: null };
    }
    default: {
      // Percentiles default to the dataset's duration, as Sentry's do.
      const percentile = PERCENTILES.includes(fn);
      arity(percentile && dataset !== 'errors' ? 0 : 1, 1);
      const column = parseColumn(args[0] ?? 'span.duration', dataset, parameter);
      const allowed = fn === 'min' || fn === 'max' ? [...NUMERIC, 'date'] : NUMERIC;
      if (!allowed.includes(column.type)) {
        throw new DiscoverQueryError(
          parameter,
          'invalid-arguments',
          `${shown(text)}: ${fn}() needs a numeric column (a duration or tags[name,number]), ${column.name} is ${column.type}`,
        );
      }
      const type: FieldType =
        column.type === 'date' || column.type === 'duration'
          ? column.type
          : fn === 'min' || fn === 'max'
            ? column.type
            : 'number';
      return { ...base, column, type, unit: column.type === 'duration' ? 'millisecond' : null };
    }
  }
}
