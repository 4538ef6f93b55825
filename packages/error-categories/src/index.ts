export { CATEGORY_IDS, CATEGORY_LABELS, type CategoryId, isCategoryId } from './categories';
export { classifyError, type ErrorCategory } from './classifier';
export type { ErrorEventInput, FrameInput } from './features';
