// Branded identifiers for the grouping engine.
// Why: an item id, a Sentry issue id and a cluster id are all strings at runtime; the brand makes the
// compiler refuse to pass one where another is expected. Brands are erased at runtime, so the only
// way to make one is through the `as…` helpers below, which keeps the casts in a single place.

declare const brand: unique symbol;

/** A structural type tagged with a compile-time-only name. */
export type Brand<T, Name extends string> = T & { readonly [brand]: Name };

/** Identity of one item (an issue or a report) known to a grouping index. */
export type ItemId = Brand<string, 'GroupingItemId'>;

/** Identity of a cluster produced by `clusterItems`: the id of its earliest member. */
export type ClusterId = Brand<string, 'GroupingClusterId'>;

export const asItemId = (raw: string): ItemId => raw as ItemId;

export const asClusterId = (raw: string): ClusterId => raw as ClusterId;
