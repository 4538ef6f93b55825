/** Integration connections (admin) and an issue's tickets: list, create, link, unlink. */
import {
  type ConnectionCreate,
  ConnectionCreatedSchema,
  ConnectionListSchema,
  ConnectionTestSchema,
  type TicketCreate,
  type TicketLinkCreate,
  TicketLinkListSchema,
  TicketLinkSchema,
} from '@dexter/contracts';
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { apiPath } from '../../api/api-path';
import { apiDelete, apiGet, apiPost } from '../../api/http';

export const integrationKeys = {
  connections: (org: string) => ['integrations', org, 'connections'] as const,
  tickets: (org: string, issueId: string) => ['integrations', org, 'tickets', issueId] as const,
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

export function useCreateTicket(org: string, issueId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: TicketCreate) =>
      apiPost(apiPath`/organizations/${org}/issues/${issueId}/tickets`, body, TicketLinkSchema),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: integrationKeys.tickets(org, issueId) }),
  });
}

export function useLinkTicket(org: string, issueId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: TicketLinkCreate) =>
      apiPost(apiPath`/organizations/${org}/issues/${issueId}/ticket-links`, body, TicketLinkSchema),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: integrationKeys.tickets(org, issueId) }),
  });
}

export function useUnlinkTicket(org: string, issueId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (linkId: string) =>
      apiDelete(apiPath`/organizations/${org}/issues/${issueId}/ticket-links/${linkId}`, z.unknown()),
    onSettled: () => queryClient.invalidateQueries({ queryKey: integrationKeys.tickets(org, issueId) }),
  });
}
