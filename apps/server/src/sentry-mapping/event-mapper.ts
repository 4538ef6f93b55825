/**
 * Sentry's event (camelCase `entries`) flattened into what the detail page shows: the exception
 * chain with frames, breadcrumbs, request, tags, user and contexts. Entries that fail their schema
 * are dropped rather than failing the whole event.
 */
import type { Event, Exception, Frame } from '@dexter/contracts';
import {
  getBreadcrumbsEntry,
  getExceptionEntry,
  getMessageEntry,
  getRequestEntry,
  type Event as SentryEvent,
  type WebApiFrame,
} from '@dexter/sentry-client';

const toFrame = (frame: WebApiFrame): Frame => ({
  filename: frame.filename ?? null,
  absPath: frame.absPath ?? null,
  module: frame.module ?? null,
  function: frame.function ?? null,
  lineNo: frame.lineNo ?? null,
  colNo: frame.colNo ?? null,
  inApp: frame.inApp ?? false,
  context: (frame.context ?? []).map(([line, source]): [number, string] => [line, source ?? '']),
});

function exceptionsOf(event: SentryEvent): Exception[] {
  const entry = getExceptionEntry(event);
  return (entry?.values ?? []).map((value) => ({
    type: value.type ?? null,
    value: value.value ?? null,
    module: value.module ?? null,
    mechanism: value.mechanism
      ? { type: value.mechanism.type ?? null, handled: value.mechanism.handled ?? null }
      : null,
    frames: (value.stacktrace?.frames ?? []).map(toFrame),
    rawFrames: value.rawStacktrace?.frames?.length ? value.rawStacktrace.frames.map(toFrame) : null,
  }));
}

const timestampOf = (value: string | number | null | undefined): string | null => {
  if (value === null || value === undefined) return null;
  const date = typeof value === 'number' ? new Date(value * 1000) : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
};

export function toEvent(event: SentryEvent): Event {
  const tags = (event.tags ?? []).map((tag) => ({ key: tag.key, value: tag.value ?? '' }));
  const tag = (key: string) => tags.find((t) => t.key === key)?.value ?? null;
  const request = getRequestEntry(event);
  const message = getMessageEntry(event);
  return {
    id: event.eventID ?? event.id,
    dateCreated: event.dateCreated ?? null,
    title: event.title ?? '<untitled>',
    message: message?.formatted ?? message?.message ?? event.message ?? null,
    platform: event.platform ?? null,
    release: event.release?.version ?? tag('release'),
    environment: tag('environment'),
    tags,
    user: event.user
      ? {
          id: event.user.id ?? null,
          email: event.user.email ?? null,
          username: event.user.username ?? null,
          ipAddress: event.user.ip_address ?? null,
        }
      : null,
    contexts: event.contexts ?? {},
    exceptions: exceptionsOf(event),
    breadcrumbs: (getBreadcrumbsEntry(event)?.values ?? []).map((crumb) => ({
      timestamp: timestampOf(crumb.timestamp),
      type: crumb.type ?? null,
      category: crumb.category ?? null,
      level: crumb.level ?? null,
      message: crumb.message ?? null,
      data: crumb.data && Object.keys(crumb.data).length > 0 ? crumb.data : null,
    })),
    request: request ? { url: request.url ?? null, method: request.method ?? null } : null,
  };
}
