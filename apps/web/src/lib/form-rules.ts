/**
 * `@mantine/form` rules from the contracts' zod schemas: a field passes exactly when the server
 * would accept it, and the message names the field and what it needs (zod's own messages name
 * neither).
 */
import type { ZodType } from 'zod';

export function schemaRule(schema: ZodType, message: string): (value: unknown) => string | null {
  return (value) => (schema.safeParse(value).success ? null : message);
}
