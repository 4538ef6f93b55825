/**
 * The vocabulary of the issue list's query parameters (`GET /organizations/{org}/issues/` and
 * `…/issues-stats/`): the sorts the spec names and the `groupStatsPeriod` series.
 */

export const ISSUE_SORTS = ['date', 'new', 'freq', 'user', 'inbox', 'trends', 'recommended'] as const;
export type IssueSort = (typeof ISSUE_SORTS)[number];

/** Which `stats` series issues carry: hourly over 24h, daily over 14d, or fit to the date range. */
export const GROUP_STATS_PERIODS = ['24h', '14d', 'auto'] as const;
/** `''` turns the series off. */
export type GroupStatsPeriod = (typeof GROUP_STATS_PERIODS)[number] | '';
