/**
 * The issue stream and one issue: search across projects, detail in one call, status changes,
 * merge, comments, assignees. Every change made here is told on the change feed, as read back
 * after it, so live updates reach every subscriber at once and the poller does not report it
 * again.
 */

import { createIssueSearch } from '../../issue-search/issue-search-service';
import { dialectFor } from '../../issue-search/search-upstream';
import { defineFeature } from '../../platform/feature-module';
import { createCommentAuthors } from './comment-authors';
import { createIssueContextService } from './issue-context-service';
import { issueTriageRoutes } from './issue-triage-routes';
import { createIssueTriageService } from './issue-triage-service';
import { issuesRoutes } from './issues-routes';
import { createIssuesService } from './issues-service';

export const issuesFeature = defineFeature({
  name: 'issues',
  publishes: ['issue.updated'],
  create({ config, upstream, feed, db, now }) {
    const sentry = upstream.client;
    const issues = createIssuesService({
      sentry,
      search: createIssueSearch({
        sentry,
        dialect: dialectFor(config.mode),
      }),
      batcher: upstream.issueBatcher,
      onChanged: (org, issue) =>
        void feed.publish({
          type: 'issue.updated',
          org,
          project: issue.project?.slug ?? null,
          issueId: String(issue.id),
          action: issue.status ?? 'updated',
          status: issue.status ?? null,
          count: Number(issue.count ?? 0),
          origin: 'dexter',
        }),
    });
    return {
      api: async (v1) => {
        await v1.register(issuesRoutes, { issues, context: createIssueContextService({ sentry }) });
        await v1.register(issueTriageRoutes, {
          triage: createIssueTriageService({
            sentry,
            authors: createCommentAuthors({ db, now }),
          }),
        });
      },
      operations: [
        'issues.context',
        'issues.list',
        'issues.get',
        'issues.event',
        'issues.update',
        'issues.merge',
        'issues.comments.list',
        'issues.comments.create',
        'issues.comments.update',
        'issues.comments.delete',
        'organizations.members',
        'organizations.teams',
      ],
    };
  },
});
