/**
 * Search-box autocomplete (`GET …/search/suggestions`): what is being typed at the cursor and
 * what fits there. Each suggestion carries the query and cursor that choosing it produces, so the
 * UI never re-implements the splice.
 */
import { z } from 'zod';

export const SearchSuggestionsQuerySchema = z.object({
  query: z.string().max(2000).default(''),
  /** 0-based caret position; the end of the query when absent. */
  cursor: z.coerce.number().int().min(0).max(2000).optional(),
  /** Project ids whose issues supply tag keys and values. */
  project: z.union([z.string(), z.array(z.string())]).optional(),
});
export type SearchSuggestionsQuery = z.infer<typeof SearchSuggestionsQuerySchema>;

export const SearchSuggestionSchema = z.object({
  /** `operator`: a comparison after `key:` (`>=`) or `AND` / `OR` between terms. */
  kind: z.enum(['key', 'value', 'operator']),
  text: z.string(),
  description: z.string().nullable(),
  /** The query after choosing this suggestion, and where the caret goes. */
  apply: z.object({ query: z.string(), cursor: z.number() }),
});
export type SearchSuggestion = z.infer<typeof SearchSuggestionSchema>;

export const SearchSuggestionsSchema = z.object({
  context: z.object({
    kind: z.enum(['key', 'value']),
    /** The key whose value is being typed; null while typing a key. */
    key: z.string().nullable(),
    prefix: z.string(),
    start: z.number(),
    end: z.number(),
  }),
  suggestions: z.array(SearchSuggestionSchema),
});
export type SearchSuggestions = z.infer<typeof SearchSuggestionsSchema>;

/** A search the parser refused: `details` of the 400, so the UI can put the caret there. */
export const SearchErrorDetailsSchema = z.object({ position: z.number(), expected: z.string() });
export type SearchErrorDetails = z.infer<typeof SearchErrorDetailsSchema>;
