// Rebuilds a grouping index from the plain data `toJSON()` produced, after checking its shape.
// Why check: snapshots come back from storage written by older versions or edited by hand; a bad one
// must fail loudly with the path of the bad field, not produce an index that answers wrong.

import type { Frame } from '../frame';
import { asItemId } from '../ids';
import type { ExceptionPart, GroupingItem } from '../item';
import {
  createGroupingIndex,
  type GroupingIndex,
  type GroupingIndexParams,
  SNAPSHOT_VERSION,
} from './grouping-index';

export class GroupingSnapshotError extends Error {
  override readonly name = 'GroupingSnapshotError';
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isNullableString = (v: unknown): v is string | null => v === null || typeof v === 'string';

function parseFrame(value: unknown, path: string): Frame {
  if (!isRecord(value)) throw new GroupingSnapshotError(`${path} must be an object`);
  const { function: fn, module, file, line, inApp } = value;
  if (!isNullableString(fn) || !isNullableString(module) || !isNullableString(file)) {
    throw new GroupingSnapshotError(`${path}: function, module and file must be strings or null`);
  }
  if (!(line === null || typeof line === 'number') || !(inApp === null || typeof inApp === 'boolean')) {
    throw new GroupingSnapshotError(`${path}: line must be a number or null, inApp a boolean or null`);
  }
  return { function: fn, module, file, line, inApp };
}

function parsePart(value: Record<string, unknown>, path: string): ExceptionPart {
  const { frames, exceptionType, message } = value;
  if (!Array.isArray(frames)) throw new GroupingSnapshotError(`${path}.frames must be an array`);
  if (!isNullableString(exceptionType) || !isNullableString(message)) {
    throw new GroupingSnapshotError(`${path}: exceptionType and message must be strings or null`);
  }
  return {
    exceptionType,
    message,
    frames: frames.map((frame, i) => parseFrame(frame, `${path}.frames[${i}]`)),
  };
}

function parseItem(value: unknown, path: string): GroupingItem {
  if (!isRecord(value)) throw new GroupingSnapshotError(`${path} must be an object`);
  const { id, project, cause, seenAt } = value;
  if (typeof id !== 'string' || id === '')
    throw new GroupingSnapshotError(`${path}.id must be a non-empty string`);
  if (project !== undefined && !isNullableString(project)) {
    throw new GroupingSnapshotError(`${path}.project must be a string or null`);
  }
  if (cause !== undefined && cause !== null && !isRecord(cause)) {
    throw new GroupingSnapshotError(`${path}.cause must be an object or null`);
  }
  if (seenAt !== undefined && seenAt !== null && !(typeof seenAt === 'number' && Number.isFinite(seenAt))) {
    throw new GroupingSnapshotError(`${path}.seenAt must be a number of milliseconds or null`);
  }
  return {
    id: asItemId(id),
    ...parsePart(value, path),
    // The root cause and the time are part of what the engine compares: a snapshot that dropped them
    // would answer differently after a restart than before it.
    ...(cause === undefined ? {} : { cause: cause === null ? null : parsePart(cause, `${path}.cause`) }),
    ...(seenAt === undefined ? {} : { seenAt }),
    ...(project === undefined ? {} : { project }),
  };
}

/** An index holding the snapshot's items, with rarity recomputed from them. */
export function groupingIndexFromJSON(
  json: unknown,
  params: Partial<GroupingIndexParams> = {},
): GroupingIndex {
  if (!isRecord(json) || json.version !== SNAPSHOT_VERSION || !Array.isArray(json.items)) {
    throw new GroupingSnapshotError(`expected { version: ${SNAPSHOT_VERSION}, items: [...] }`);
  }
  const index = createGroupingIndex(params);
  json.items.forEach((item, i) => {
    index.add(parseItem(item, `items[${i}]`));
  });
  return index;
}
