// The identity of a frame: which code it is, independent of where that code lives on disk or in which
// build. Why the owner is the simple class/module name and not the full path: packages get renamed and
// code moves between modules (Hadoop's `org.apache.hadoop.dfs` became `org.apache.hadoop.hdfs.server…`)
// while `DFSClient$DFSOutputStream.close` stays the same code path. IDF weights, not the key, decide how
// much a common name such as `Thread.run` counts.
// Invariant: line numbers never enter a key.

import type { Frame } from '../frame';

/** Last segment of a dotted (Java/Python) or slashed (JS/paths) module name. */
function simpleOwner(module: string): string {
  const slash = Math.max(module.lastIndexOf('/'), module.lastIndexOf('\\'), module.lastIndexOf(':'));
  const tail = module.slice(slash + 1);
  const dot = tail.lastIndexOf('.');
  return dot >= 0 && dot < tail.length - 1 ? tail.slice(dot + 1) : tail;
}

/** File name without extension, the owner of a frame when the SDK sent no module. */
function fileStem(file: string): string {
  const dot = file.indexOf('.');
  return dot > 0 ? file.slice(0, dot) : file;
}

/** A stable key such as `DFSClient$DFSOutputStream.close`, or null for a frame with no identity. */
export function frameKey(frame: Frame): string | null {
  const owner =
    frame.module !== null ? simpleOwner(frame.module) : frame.file !== null ? fileStem(frame.file) : '';
  if (frame.function === null && owner === '') return null;
  return `${owner}.${frame.function ?? '?'}`;
}
