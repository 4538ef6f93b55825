/**
 * Integration connections (admin) and their per-project defaults and webhook secret; an issue's
 * tickets (list, create, link, unlink); the tickets of a page of the stream; ticket jobs.
 */
import {
  type ConnectionCreate,
  ConnectionCreatedSchema,
  ConnectionListSchema,
  ConnectionTestSchema,
  type ProjectDefaultsInput,
  ProjectDefaultsListSchema,
  ProjectDefaultsSchema,
  type TicketCreate,
  type TicketJobCreate,
  TicketJobSchema,
  type TicketLinkCreate,
  TicketLinkListSchema,
  TicketLinkSchema,
  WebhookSecretSchema,
} from '@dexter/contracts';
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { apiPath } from '../../api/api-path';
import { apiDelete, apiGet, apiPost, apiPut } from '../../api/http';

export const integrationKeys = {
  connections: (org: string) => ['integrations', org, 'connections'] as const,
  tickets: (org: string, issueId: string) => ['integrations', org, 'tickets', issueId] as const,
  defaults: (org: string, connectionId: string) => ['integrations', org, 'defaults', connectionId] as const,
  /** The stream's ticket column: one key per page of issue ids. */
  streamTickets: (org: string, issueIds: readonly string[]) =>
    ['integrations', org, 'stream-tickets', ...issueIds] as const,
  job: (org: string, jobId: string) => ['integrations', org, 'ticket-job', jobId] as const,
};

export const connectionsQueryOptions = (org: string) =>
  queryOptions({
    queryKey: integrationKeys.connections(org),
    queryFn: ({ signal }) =>
      apiGet(apiPath`/organizations/${org}/integrations/connections`, ConnectionListSchema, signal),
  });

export const ticketsQueryOptions = (org: string, issueId: string) =>
  queryOptions({
    queryKey: integrationKeys.tickets(org, issueId),
    queryFn: ({ signal }) =>
      apiGet(apiPath`/organizations/${org}/issues/${issueId}/tickets`, TicketLinkListSchema, signal),
  });

export function useCreateConnection(org: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ConnectionCreate) =>
      apiPost(apiPath`/organizations/${org}/integrations/connections`, body, ConnectionCreatedSchema),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: integrationKeys.connections(org) }),
  });
}

export function useDeleteConnection(org: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      apiDelete(apiPath`/organizations/${org}/integrations/connections/${id}`, z.unknown()),
    onSettled: () => queryClient.invalidateQueries({ queryKey: integrationKeys.connections(org) }),
  });
}

export function useTestConnection(org: string) {
  return useMutation({
    mutationFn: (id: string) =>
      apiPost(apiPath`/organizations/${org}/integrations/connections/${id}/test`, {}, ConnectionTestSchema),
  });
}

/** An issue's tickets changed: its panel and the stream's ticket column read again. */
const invalidateIssueTickets = (
  queryClient: ReturnType<typeof useQueryClient>,
  org: string,
  issueId: string,
) =>
  Promise.all([
    queryClient.invalidateQueries({ queryKey: integrationKeys.tickets(org, issueId) }),
    invalidateStreamTickets(queryClient, org),
  ]);

export function useCreateTicket(org: string, issueId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: TicketCreate) =>
      apiPost(apiPath`/organizations/${org}/issues/${issueId}/tickets`, body, TicketLinkSchema),
    onSuccess: () => invalidateIssueTickets(queryClient, org, issueId),
  });
}

export function useLinkTicket(org: string, issueId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: TicketLinkCreate) =>
      apiPost(apiPath`/organizations/${org}/issues/${issueId}/ticket-links`, body, TicketLinkSchema),
    onSuccess: () => invalidateIssueTickets(queryClient, org, issueId),
  });
}

export function useUnlinkTicket(org: string, issueId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (linkId: string) =>
      apiDelete(apiPath`/organizations/${org}/issues/${issueId}/ticket-links/${linkId}`, z.unknown()),
    onSettled: () => invalidateIssueTickets(queryClient, org, issueId),
  });
}

export const defaultsQueryOptions = (org: string, connectionId: string) =>
  queryOptions({
    queryKey: integrationKeys.defaults(org, connectionId),
    queryFn: ({ signal }) =>
      apiGet(
        apiPath`/organizations/${org}/integrations/connections/${connectionId}/defaults`,
        ProjectDefaultsListSchema,
        signal,
      ),
  });

export function useSaveDefaults(org: string, connectionId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ project, ...body }: ProjectDefaultsInput & { project: string }) =>
      apiPut(
        apiPath`/organizations/${org}/integrations/connections/${connectionId}/defaults/${project}`,
        body,
        ProjectDefaultsSchema,
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: integrationKeys.defaults(org, connectionId) }),
  });
}

export function useDeleteDefaults(org: string, connectionId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (project: string) =>
      apiDelete(
        apiPath`/organizations/${org}/integrations/connections/${connectionId}/defaults/${project}`,
        z.unknown(),
      ),
    onSettled: () => queryClient.invalidateQueries({ queryKey: integrationKeys.defaults(org, connectionId) }),
  });
}

/** Shows the secret again (audited on the server) or rotates it; never cached. */
export function useWebhookSecret(org: string, connectionId: string) {
  return useMutation({
    mutationFn: (action: 'show' | 'rotate') =>
      action === 'show'
        ? apiGet(
            apiPath`/organizations/${org}/integrations/connections/${connectionId}/webhook-secret`,
            WebhookSecretSchema,
          )
        : apiPost(
            apiPath`/organizations/${org}/integrations/connections/${connectionId}/webhook-secret/rotate`,
            {},
            WebhookSecretSchema,
          ),
  });
}

/** Links of one page of stream rows (at most 100 ids), in one request. */
export const streamTicketsQueryOptions = (org: string, issueIds: readonly string[]) =>
  queryOptions({
    queryKey: integrationKeys.streamTickets(org, issueIds),
    queryFn: ({ signal }) => {
      const query = new URLSearchParams(issueIds.map((id) => ['issue', id]));
      return apiGet(
        `${apiPath`/organizations/${org}/integrations/ticket-links`}?${query}`,
        TicketLinkListSchema,
        signal,
      );
    },
    staleTime: 30_000,
  });

export function useStartTicketJob(org: string) {
  return useMutation({
    mutationFn: (body: TicketJobCreate) =>
      apiPost(apiPath`/organizations/${org}/integrations/ticket-jobs`, body, TicketJobSchema),
  });
}

/** A ticket job, polled while it runs; the stream's ticket column is refreshed when it ends. */
export const ticketJobQueryOptions = (org: string, jobId: string) =>
  queryOptions({
    queryKey: integrationKeys.job(org, jobId),
    queryFn: ({ signal }) =>
      apiGet(apiPath`/organizations/${org}/integrations/ticket-jobs/${jobId}`, TicketJobSchema, signal),
    refetchInterval: (query) => (query.state.data?.status === 'done' ? false : 700),
  });

export function useRetryTicketJob(org: string, jobId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () =>
      apiPost(apiPath`/organizations/${org}/integrations/ticket-jobs/${jobId}/retry`, {}, TicketJobSchema),
    onSuccess: (job) => queryClient.setQueryData(integrationKeys.job(org, jobId), job),
  });
}

/** After a job: every page of the stream's ticket column reads again. */
export const invalidateStreamTickets = (queryClient: ReturnType<typeof useQueryClient>, org: string) =>
  queryClient.invalidateQueries({ queryKey: ['integrations', org, 'stream-tickets'] });
