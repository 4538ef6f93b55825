/** Helpers for Sentry-style query strings, where a parameter may repeat (`project=1&project=2`). */
import { ApiError } from '../api-error';

export type RawQuery = Record<string, string | string[] | undefined>;

export const listParam = (query: RawQuery, name: string): string[] => {
  const value = query[name];
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
};

export const singleParam = (query: RawQuery, name: string): string | undefined => listParam(query, name)[0];

export function idListParam(query: RawQuery, name: string): number[] {
  return listParam(query, name).map((value) => {
    if (!/^\d{1,15}$/.test(value))
      throw new ApiError(400, `Invalid ${name}: ${JSON.stringify(value.slice(0, 50))}`);
    return Number(value);
  });
}

export function intParam(
  query: RawQuery,
  name: string,
  { min, max, fallback }: { min: number; max: number; fallback: number },
) {
  const raw = singleParam(query, name);
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ApiError(400, `Invalid ${name}: expected an integer from ${min} to ${max}`);
  }
  return value;
}
