// The shape every stored event has after `normalizeEvent`, and the bounds it is cut to.
//
// Why a separate internal shape: SDK payloads are snake_case, loosely typed and unbounded; the store,
// grouping and the API all want one camelCase, fully-typed, bounded shape (STYLE.md: convert at the
// edge). Every field is present; "absent" is `null` or an empty list, never `undefined`.
//
// Order invariant: frames are in Sentry's order, caller first and the crashing frame LAST;
// exceptions are oldest to newest, so the last one is the one that was thrown.

export type Level = 'fatal' | 'error' | 'warning' | 'info' | 'debug' | 'sample';

export interface NormalizedFrame {
  filename: string | null;
  absPath: string | null;
  module: string | null;
  function: string | null;
  rawFunction: string | null;
  package: string | null;
  platform: string | null;
  lineNo: number | null;
  colNo: number | null;
  inApp: boolean;
  contextLine: string | null;
  preContext: string[];
  postContext: string[];
  instructionAddr: string | null;
}

export interface NormalizedMechanism {
  type: string | null;
  handled: boolean | null;
  synthetic: boolean;
  exceptionId: number | null;
  parentId: number | null;
}

export interface NormalizedException {
  type: string | null;
  value: string | null;
  module: string | null;
  threadId: string | null;
  mechanism: NormalizedMechanism | null;
  /** Caller first, crashing frame last. */
  frames: NormalizedFrame[];
  /** Frames dropped from the middle of an over-long stack (0 when none). */
  framesOmitted: number;
  /**
   * The frames as the SDK sent them, when source maps rewrote `frames` (`ingest/sourcemaps/`);
   * absent otherwise, and on events stored before source maps existed.
   */
  rawFrames?: NormalizedFrame[];
}

/** A `debug_meta.images[]` entry of type `sourcemap`: which debug ID a script file carries. */
export interface NormalizedDebugImage {
  codeFile: string;
  /** Lower-case hyphenated UUID. */
  debugId: string;
}

export interface NormalizedBreadcrumb {
  /** ISO 8601. */
  timestamp: string | null;
  type: string | null;
  category: string | null;
  level: string | null;
  message: string | null;
  data: Record<string, unknown> | null;
}

export interface NormalizedUser {
  id: string | null;
  email: string | null;
  username: string | null;
  ipAddress: string | null;
  geo: { countryCode?: string; city?: string; region?: string } | null;
}

export interface NormalizedRequest {
  url: string | null;
  method: string | null;
  query: Array<[string, string]>;
  headers: Array<[string, string]>;
  data: unknown;
  env: Record<string, string> | null;
}

export type InAppFrameMix = 'in-app-only' | 'system-only' | 'mixed';

// A type, not an interface, so it reads as the wire's `Record<string, unknown>` metadata.
export type EventMetadata = {
  type?: string;
  value?: string;
  filename?: string;
  function?: string;
  title?: string;
  in_app_frame_mix?: InAppFrameMix;
};

export interface NormalizedEvent {
  /** 32 lowercase hex characters. */
  eventId: string;
  projectId: number;
  /** Epoch ms. */
  timestamp: number;
  /** Epoch ms. */
  receivedAt: number;
  platform: string;
  level: Level;
  logger: string | null;
  transaction: string | null;
  serverName: string | null;
  release: string | null;
  dist: string | null;
  environment: string | null;
  /** The formatted message. */
  message: string | null;
  /** `logentry.message` before params were applied, when the SDK sent params; grouping prefers it. */
  messageTemplate: string | null;
  type: 'error' | 'default';
  title: string;
  culprit: string;
  metadata: EventMetadata;
  /** Oldest to newest. */
  exceptions: NormalizedException[];
  /** A stack with no exception (top-level `stacktrace` or the crashed thread's); null otherwise. */
  stacktrace: NormalizedFrame[] | null;
  tags: Array<[string, string]>;
  contexts: Record<string, unknown>;
  /** The SDK's `extra` ("Additional Data" in Sentry), bounded; null when absent. */
  extra: Record<string, unknown> | null;
  user: NormalizedUser | null;
  request: NormalizedRequest | null;
  /** Oldest to newest, at most LIMITS.breadcrumbs (the most recent are kept). */
  breadcrumbs: NormalizedBreadcrumb[];
  sdk: { name: string | null; version: string | null } | null;
  fingerprint: string[] | null;
  handled: boolean | null;
  /** Source map images (JavaScript SDKs with debug IDs), at most LIMITS.debugImages. */
  debugImages: NormalizedDebugImage[];
}

/** Bounds applied while normalizing. String lengths are in UTF-16 code units, ellipsis included. */
export const LIMITS = {
  message: 8192,
  exceptionValue: 8192,
  exceptions: 50,
  /** Per stack; the outermost and innermost halves are kept, the middle dropped. */
  frames: 250,
  breadcrumbs: 100,
  breadcrumbMessage: 8192,
  tagKey: 32,
  tagValue: 200,
  tags: 200,
  /** logger, environment, release, dist, transaction, server name, culprit and similar. */
  shortString: 200,
  /** Paths, URLs, function and module names. */
  symbol: 1024,
  contextLine: 1024,
  contextLines: 10,
  fingerprintParts: 50,
  debugImages: 100,
  /** Nested free-form data (contexts, request.data, breadcrumb data). */
  nestedDepth: 6,
  nestedEntries: 100,
  nestedString: 8192,
} as const;
