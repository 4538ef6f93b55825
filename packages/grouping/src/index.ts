// @dexter/grouping: a pure similar-issue engine. No I/O, no Node APIs, no dependencies.
// Frames enter through one of the three normalizers (top of the stack first from then on), items are
// compared by position- and rarity-weighted stack alignment plus exception type, message template and
// time gap, and every score comes with a calibrated confidence and the frames that aligned.

export type { ScoreModel } from './calibration/score-model';
export { ATTACH_THRESHOLD, FITTED_MODEL } from './calibration/score-model';
export type { Cluster, ClusterOptions } from './cluster/cluster-items';
export { clusterItems } from './cluster/cluster-items';
// Deterministic synthetic stacks, for scale tests and `npm run bench:similarity` (no real data needed).
export type { SyntheticOptions } from './eval/synthetic-items';
export { reoccurrence, seededRandom, syntheticItems } from './eval/synthetic-items';
export type { Frame } from './frame';
export { MAX_FRAMES, MAX_MESSAGE_LENGTH, MAX_SYMBOL_LENGTH } from './frame';
export type { ClusterId, ItemId } from './ids';
export { asClusterId, asItemId } from './ids';
export type {
  GroupingIndex,
  GroupingIndexParams,
  GroupingIndexSnapshot,
  GroupingMatch,
  QueryOptions,
} from './index/grouping-index';
export { createGroupingIndex, DEFAULT_INDEX_PARAMS } from './index/grouping-index';
export { GroupingSnapshotError, groupingIndexFromJSON } from './index/index-snapshot';
export type { ExceptionPart, GroupingItem } from './item';
export type { ApiFrameInput, BenchmarkFrameInput, SdkFrameInput } from './normalize/frame-normalizers';
export {
  normalizeApiFrames,
  normalizeBenchmarkFrames,
  normalizeSdkFrames,
} from './normalize/frame-normalizers';
export { messageTemplate } from './normalize/message-template';
export type { PairFeatures } from './similarity/pair-features';
export type {
  AlignedFrame,
  MatchEvidence,
  SimilarityParams,
  SimilarityResult,
} from './similarity/similarity';
export { DEFAULT_SIMILARITY_PARAMS, similarity } from './similarity/similarity';
