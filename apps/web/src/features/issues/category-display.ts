import type { IssueCategory } from '@dexter/contracts';

/**
 * Below this confidence the classifier is little better than a guess among its twelve categories
 * (docs/categories.md), so the category is shown as a question rather than a fact.
 */
export const UNCERTAIN_BELOW = 0.3;

export function categoryDisplay(category: IssueCategory): { text: string; uncertain: boolean } {
  const uncertain = category.confidence < UNCERTAIN_BELOW;
  return { text: uncertain ? `${category.label}?` : category.label, uncertain };
}
