// Replaces the compiler-, runtime- and bundler-generated parts of symbol names with stable placeholders.
// Why: the same bug seen from two builds differs in exactly these parts (lambda ordinals, proxy class
// counters, CGLIB hashes, webpack chunk hashes, memory addresses); left alone, each build would look like
// a new frame. The rules only rewrite parts that carry no meaning to a human reading the trace.
// Invariant: inputs are already bounded (see bounded-text.ts), and every pattern is linear-time.

interface Rule {
  readonly pattern: RegExp;
  readonly replacement: string;
}

const JAVA_CLASS_RULES: readonly Rule[] = [
  // Lambda classes: Foo$$Lambda$12/0x0000000800c0b440 and Foo$$Lambda/0x... (JDK 21).
  { pattern: /\$\$Lambda(?:\$\d+)?(?:\/(?:0x)?[0-9a-fA-F]+)?/g, replacement: '$$$$Lambda' },
  // Bytecode-generated subclasses; the suffix is a hash or counter per class loader.
  { pattern: /\$\$(EnhancerBy\w*?CGLIB|FastClassBy\w*?CGLIB|SpringCGLIB)\$\$\w*/g, replacement: '$$$$$1' },
  { pattern: /\$(HibernateProxy|ByteBuddy|MockitoMock)\$\w+/g, replacement: '$$$1' },
  { pattern: /_\$\$_jvst\w*/g, replacement: '_$$$$_jvst' },
  // JDK dynamic proxies and reflection accessors are numbered in load order.
  { pattern: /\$Proxy\d+/g, replacement: '$$Proxy' },
  {
    pattern:
      /\b(GeneratedMethodAccessor|GeneratedConstructorAccessor|GeneratedSerializationConstructorAccessor)\d+/g,
    replacement: '$1',
  },
  // Anonymous inner classes (Foo$1) are numbered by source order, which shifts when code is added.
  { pattern: /\$\d+(?=$|\$|\.)/g, replacement: '$$N' },
];

const FUNCTION_RULES: readonly Rule[] = [
  // javac: lambda$method$0 / lambda$static$3; the ordinal shifts when lambdas are added.
  { pattern: /^lambda\$(.*?)\$\d+$/, replacement: 'lambda$$$1' },
  { pattern: /^lambda\$\d+$/, replacement: 'lambda$$' },
  // javac synthetic accessors (access$000, access$1200) are numbered per outer class.
  { pattern: /^access\$\d+$/, replacement: 'access$$' },
  // JS engines: "Object.<anonymous>", "Module.<anonymous>", "async fn", "new Foo".
  { pattern: /^(?:[\w$.]+\.)?<anonymous>$/, replacement: '<anonymous>' },
  { pattern: /^(?:async|new)\s+/, replacement: '' },
];

const SHARED_RULES: readonly Rule[] = [
  // Memory addresses (native frames, some JS engines), also glued to a name: handler_0x7fff5fbff8c8.
  { pattern: /(?<![0-9A-Za-z])0x[0-9a-fA-F]{4,}(?![0-9A-Za-z])/g, replacement: '0x?' },
  // Build hashes: 8+ hex characters mixing digits and letters, e.g. main.3f2a9c1b.js, chunk-2d0e1a8f.
  {
    pattern: /(^|[^0-9a-zA-Z])(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{8,}(?![0-9a-zA-Z])/g,
    replacement: '$1<hash>',
  },
];

function applyRules(text: string, rules: readonly Rule[]): string {
  let out = text;
  for (const rule of rules) out = out.replace(rule.pattern, rule.replacement);
  return out;
}

const ANONYMOUS_FUNCTIONS = new Set(['?', '<unknown>', 'anonymous', '<anonymous>']);

/** Normalized function name; anonymous spellings collapse to `<anonymous>`. */
export function normalizeFunctionName(name: string | null): string | null {
  if (name === null) return null;
  const out = applyRules(applyRules(applyRules(name, FUNCTION_RULES), JAVA_CLASS_RULES), SHARED_RULES);
  return ANONYMOUS_FUNCTIONS.has(out) ? '<anonymous>' : out;
}

/** Normalized module or class name (Java class, Python module, JS module path). */
export function normalizeModuleName(name: string | null): string | null {
  if (name === null) return null;
  return applyRules(applyRules(name, JAVA_CLASS_RULES), SHARED_RULES);
}

/** Base name of a file path or URL, without query string or build hash. */
export function normalizeFileName(path: string | null): string | null {
  if (path === null) return null;
  const noQuery = path.replace(/[?#].*$/, '');
  const base = noQuery.slice(Math.max(noQuery.lastIndexOf('/'), noQuery.lastIndexOf('\\')) + 1);
  if (base === '' || base === '<anonymous>' || base === 'Unknown Source' || base === 'Native Method')
    return null;
  return applyRules(base, SHARED_RULES);
}
