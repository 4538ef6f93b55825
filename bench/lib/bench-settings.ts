/**
 * A bench's settings from the environment (`BENCH_*`), parsed by its schema, or an error that names
 * every bad variable and what it expects.
 */
import type { z } from 'zod';

export function benchSettings<S extends z.ZodType>(schema: S): z.output<S> {
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    throw new Error(
      `bad bench setting: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  }
  return parsed.data;
}
