/**
 * Source lines around a frame, as `@sentry/node`'s ContextLines integration attaches them: seven
 * lines before, the frame's own line, seven after. The text is plausible service code built from
 * templates, so its length and compressibility resemble a real application's, not filler.
 */
import { pick, type Rng } from '../lib/random';

export interface FrameWords {
  noun: string;
  verb: string;
  /** The function this frame calls, or the expression that throws for the innermost frame. */
  callee: string;
}

export interface SourceContext {
  pre_context: string[];
  context_line: string;
  post_context: string[];
}

const LINES_OF_CONTEXT = 7;

const capitalize = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

const FIELDS = ['id', 'tenantId', 'status', 'items', 'total', 'currency', 'createdAt', 'metadata', 'owner'];

const TEMPLATES: readonly ((w: FrameWords, field: string) => string)[] = [
  (w) => `  const ${w.noun}Id = req.params.id ?? req.body.${w.noun}Id;`,
  (w) => `  if (!${w.noun}) {`,
  (w) => `    throw new NotFoundError(\`${capitalize(w.noun)} \${${w.noun}Id} not found\`);`,
  () => '  }',
  () => '',
  (w) =>
    `  const ${w.noun} = await this.${w.noun}Repository.findOne({ where: { id, tenantId: ctx.tenantId } });`,
  (w) => `  logger.debug({ ${w.noun}Id: id, userId: ctx.user.id }, '${w.verb} ${w.noun}');`,
  (_w, f) => `  const ${f} = options.${f} ?? defaults.${f};`,
  (w) => `  await this.cache.set(\`${w.noun}:\${id}\`, JSON.stringify(${w.noun}), { ttl: 300 });`,
  () => '  const startedAt = performance.now();',
  (w) => `  metrics.histogram('${w.noun}.${w.verb}.duration_ms', performance.now() - startedAt);`,
  (w, f) => `  if (${w.noun}.${f} === undefined || ${w.noun}.${f} === null) return null;`,
  () => '  try {',
  () => '  } catch (error) {',
  (w) => `    logger.warn({ err: error, ${w.noun}Id: id }, 'retrying after transient failure');`,
  () => '    throw error;',
  () => '  } finally {',
  () => '    span?.end();',
  (w) => `  return this.serialize${capitalize(w.noun)}(${w.noun}, { include: ['lines', 'customer'] });`,
  (w, f) =>
    `  const normalized = ${w.noun}.${f}.map((entry) => ({ ...entry, amount: Number(entry.amount) }));`,
  () => '  // Totals are recomputed here because discounts may have changed since the cart was priced.',
  () => '  // See https://github.com/acme/shop-api/issues/2141 for why this cannot be cached.',
  (w) => `  const permitted = await this.policy.can(ctx.user, '${w.verb}', '${w.noun}');`,
  () => '  if (!permitted) throw new ForbiddenError(ctx.user.id);',
  (w) => `  events.emit('${w.noun}.${w.verb}d', { id, at: new Date().toISOString() });`,
  (_w, f) => `  const ${f}Value = typeof input.${f} === 'string' ? input.${f}.trim() : input.${f};`,
  () => '  const tx = await this.db.transaction();',
  () => '  await tx.commit();',
  (w) =>
    `  const response = await this.http.post(\`\${this.baseUrl}/v2/${w.noun}s\`, payload, { timeout: 5000 });`,
  () => '  if (response.status >= 500) throw new UpstreamError(response.status, response.data);',
  (w) => `async function ${w.verb}${capitalize(w.noun)}(ctx, id, options = {}) {`,
  () => '}',
  () => '  });',
  (w) => `  for (const line of ${w.noun}.lines) {`,
  () => '    subtotal += line.unitPrice * line.quantity - (line.discount ?? 0);',
  () => '  validateSchema(schema, input, { allowUnknown: false, stripUnknown: true });',
  () => '  const { limit = 50, cursor } = parsePagination(req.query);',
  () => '  res.status(200).json({ data, next: cursor ? encodeCursor(cursor) : null });',
];

export function sourceContext(rng: Rng, words: FrameWords): SourceContext {
  const field = pick(rng, FIELDS);
  const line = () => pick(rng, TEMPLATES)(words, field);
  return {
    pre_context: Array.from({ length: LINES_OF_CONTEXT }, line),
    context_line: `    const result = await ${words.callee};`,
    post_context: Array.from({ length: LINES_OF_CONTEXT }, line),
  };
}
