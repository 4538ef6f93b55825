/** `method=GET url=/api/cart status_code=502`: a breadcrumb's data on one line, nested values as JSON. */
export function describeData(data: Record<string, unknown>): string {
  return Object.entries(data)
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(' ');
}
