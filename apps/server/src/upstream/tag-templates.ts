/**
 * The operation table's tag notation, parsed once when the table loads into templates that make
 * typed `CacheTag`s per request:
 * - `kind`: one tag of a fixed kind (`issues`);
 * - `kind:{param}`: one tag of a per-issue kind, for the Sentry path's parameter (`issue:{issue_id}`);
 * - `kind:{?name}`: one per value of the query parameter `name` (`issue-events:{?groups}`);
 * - `{=name}`: the tags `derived-tags.ts` computes under that name from the query, body or answer.
 * A kind Dexter does not have is a load-time error (`cache-tags.ts` lists the kinds).
 */
import type { Query } from '@dexter/sentry-client';
import { type CacheTag, type IssueId, TAG_KIND_NAMES, tagKind } from './cache-tags';
import {
  DERIVED_TAG_NAMES,
  type DerivedTagName,
  listStatusTags,
  queryValues,
  statusChangeTags,
} from './derived-tags';

export type TagTemplate =
  | { type: 'fixed'; text: string; tag: CacheTag }
  | { type: 'path'; text: string; param: string; ofIssue: (id: IssueId) => CacheTag }
  | { type: 'query'; text: string; param: string; ofIssue: (id: IssueId) => CacheTag }
  | { type: 'derived'; text: string; name: DerivedTagName };

const DERIVED = /^\{=([^{}]+)\}$/;
const PER_ISSUE = /^([a-z-]+):\{(\??)([^{}?=]+)\}$/;

/** The template a tag's text names, or why it names none. */
export function parseTagTemplate(text: string): { template: TagTemplate } | { error: string } {
  const derived = DERIVED.exec(text)?.[1];
  if (derived !== undefined) {
    if (!DERIVED_TAG_NAMES.includes(derived as DerivedTagName)) {
      return { error: `tag "${text}" names no derived tags (known: ${DERIVED_TAG_NAMES.join(', ')})` };
    }
    return { template: { type: 'derived', text, name: derived as DerivedTagName } };
  }
  const [, name = text, query, param] = PER_ISSUE.exec(text) ?? [];
  const kind = tagKind(name);
  if (!kind) {
    return { error: `tag "${text}": unknown tag kind "${name}" (known: ${TAG_KIND_NAMES.join(', ')})` };
  }
  if ('tag' in kind) {
    return param === undefined
      ? { template: { type: 'fixed', text, tag: kind.tag } }
      : { error: `tag "${text}": "${name}" is one tag and takes no {parameter}` };
  }
  if (param === undefined) {
    return {
      error: `tag "${text}": "${name}" is one tag per issue: write ${name}:{param} or ${name}:{?name}`,
    };
  }
  return { template: { type: query ? 'query' : 'path', text, param, ofIssue: kind.ofIssue } };
}

export interface TagSources {
  /** The Sentry path's parameters, decoded. */
  params: Record<string, string>;
  query?: Query | undefined;
  body?: unknown;
}

/** The tags the templates make for one request; answer-derived tags come later (`answerIssueTags`). */
export function fillTags(templates: readonly TagTemplate[], { params, query, body }: TagSources): CacheTag[] {
  return templates.flatMap((template): CacheTag[] => {
    if (template.type === 'fixed') return [template.tag];
    // The table checked that the path has the parameter, so it is present.
    if (template.type === 'path') return [template.ofIssue(params[template.param] ?? '')];
    if (template.type === 'query') return queryValues(query, template.param).map((v) => template.ofIssue(v));
    if (template.name === 'list-statuses') return listStatusTags(query);
    if (template.name === 'status-change') return statusChangeTags(body);
    return []; // `answer-issues`: known once the answer is (`answerIssueTags`)
  });
}
