/**
 * Hand-written cue patterns per category, from how these errors are worded across ecosystems
 * (see data/README.md's labeling guide). They are not decisions: each pattern that matches adds a
 * token `r:<category>` that the naive Bayes weighs like any other, so a cue that misleads on the
 * dev split (`unauthorized` is often a permission refusal) simply earns less weight.
 * Patterns run on text already cut to a bounded length (features.ts).
 */
import type { CategoryId } from './categories';

export const CUES: ReadonlyArray<readonly [CategoryId, RegExp]> = [
  [
    'timeout',
    /timed? ?out|timeout|deadline ?exceeded|execution expired|time limit|execution time|run too long/,
  ],
  [
    'resource_exhaustion',
    /out of memory|heap|memory size|memoryerror|outofmemory|failed to allocate|maxmemory|no space left|not enough space|enospc|emfile|too many open files|stack level too deep|stack ?overflow|call stack size|recursion depth|insufficient stack|stack exceeds|too many (connections|clients|attempts)|pool ?(timeout|limit|exhausted)|from the pool|pooled connections|connection is not available|quota|resource ?exhausted|rejected from|larger than max/,
  ],
  [
    'authentication',
    /unauthenticated|\b401\b|jwt|token (is )?expired|expired ?token|expired ?signature|signature (has expired|verification|validation)|invalid signature|bad ?credentials|invalid ?credential|password|csrf|authenticity token|refresh token|session expired|authentication/,
  ],
  [
    'permission',
    /permission|forbidden|\b403\b|access (is )?denied|accessdenied|eacces|not allowed|not authori[sz]ed|unauthorized\.|unauthorizedaccess|cannot (list|get|create|delete) resource|lacks/,
  ],
  [
    'database',
    /\bsql|duplicate (key|entry)|unique ?(constraint|violation|index)|foreign ?key|integrity|deadlock|relation "[^"]*" does not exist|column .{1,60} does not exist|unknown column|no rows in result|table|record ?not ?found|couldn't find \w+ with|does ?not ?exist|no query results|pdo|activerecord|hibernate|dbupdate|e11000|mongo|database|psql|pgerror|postgres|mysql|npgsql|optimistic ?lock|lazily initialize/,
  ],
  [
    'network',
    /econnrefused|connection refused|actively refused|connection reset|econnreset|reset by peer|forcibly closed|enotfound|getaddrinfo|name or service not known|no such host|could not resolve host|unknownhost|socket hang up|epipe|ehostunreach|certificate|ssl|tls|failed to fetch|network ?error|load failed|loading chunk|connectexception|connection ?error|failed to connect|open tcp connection|unable to connect|not possible to connect/,
  ],
  [
    'null_access',
    /\bnull\b|undefined \(reading|of undefined|of null|is undefined|is not an object|nil pointer|nil:nilclass|for nil\b|is nil|nonetype|nullreference|nullpointer|null given|cannot be null|on null/,
  ],
  [
    'configuration',
    /environment variable|\benv\b|not set\b|improperly ?configured|secret_key|could not resolve placeholder|cannot find module|no module named|cannot load such file|classnotfound|class "[^"]*" not found|unknown driver|driver class|not configured|encryption key|pending ?migration|unable to resolve service|initialization string|could not load file or assembly|api[-_ ]?key|publishable key|required key|locate credentials|options ?validation|secretorprivatekey/,
  ],
  [
    'dependency',
    /stripe|twilio|\baws\b|amazon|\bs3\b|sqs|openai|sendgrid|mailgun|firebase|google|\b50[234]\b|bad gateway|service unavailable|overloaded|rate (limit|exceeded)|slow ?down|reduce your request rate|\bcard\b|declined|circuit ?breaker|upstream|feign|refit|no such (customer|payment)|not valid json|<!doctype/,
  ],
  [
    'ui_rendering',
    /react|hydrat|render|template|\bview\b|\.html|blade|twig|jinja|\berb\b|thymeleaf|cshtml|resizeobserver|\bhooks?\b|component|removechild|fragment|window|dispatcher|setstate/,
  ],
  [
    'validation',
    /validat|invalid (value|date|time|format|literal|character|syntax|json|currency)|must be|required|correct format|parsing|parse ?error|numberformat|formatexception|not a valid|cannot (deserialize|unmarshal)|could not be converted|syntax ?error|unexpected (token|data)|param(eter)? is missing|out of the range|invalid date|expecting value/,
  ],
];

/** `r:<category>` for each cue that matches the lowercased type, message and frame names. */
export function cueTokens(text: string): string[] {
  const lower = text.toLowerCase();
  return CUES.flatMap(([category, pattern]) => (pattern.test(lower) ? [`r:${category}`] : []));
}
