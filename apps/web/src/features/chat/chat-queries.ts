/** Chat connections (Slack, Teams) and routes (project → channel): list, create, test, remove. */
import {
  type ChatConnectionCreate,
  ChatConnectionListSchema,
  ChatConnectionSchema,
  ChatDeliveryListSchema,
  type ChatRouteCreate,
  ChatRouteListSchema,
  ChatRouteSchema,
  ChatTestResultSchema,
} from '@dexter/contracts';
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { apiPath } from '../../api/api-path';
import { apiDelete, apiGet, apiPost } from '../../api/http';

export const chatKeys = {
  connections: (org: string) => ['chat', org, 'connections'] as const,
  routes: (org: string) => ['chat', org, 'routes'] as const,
  deliveries: (org: string) => ['chat', org, 'deliveries'] as const,
};

/** The delivery log, refreshed while the page is open: retries and digests settle on their own. */
export const chatDeliveriesQueryOptions = (org: string) =>
  queryOptions({
    queryKey: chatKeys.deliveries(org),
    queryFn: ({ signal }) =>
      apiGet(`${apiPath`/organizations/${org}/chat/deliveries`}?limit=50`, ChatDeliveryListSchema, signal),
    refetchInterval: 10_000,
  });

export function useRetryChatDelivery(org: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      apiPost(apiPath`/organizations/${org}/chat/deliveries/${id}/retry`, {}, z.unknown()),
    onSettled: () => queryClient.invalidateQueries({ queryKey: chatKeys.deliveries(org) }),
  });
}

export const chatConnectionsQueryOptions = (org: string) =>
  queryOptions({
    queryKey: chatKeys.connections(org),
    queryFn: ({ signal }) =>
      apiGet(apiPath`/organizations/${org}/chat/connections`, ChatConnectionListSchema, signal),
  });

export const chatRoutesQueryOptions = (org: string) =>
  queryOptions({
    queryKey: chatKeys.routes(org),
    queryFn: ({ signal }) => apiGet(apiPath`/organizations/${org}/chat/routes`, ChatRouteListSchema, signal),
  });

export function useCreateChatConnection(org: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ChatConnectionCreate) =>
      apiPost(apiPath`/organizations/${org}/chat/connections`, body, ChatConnectionSchema),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: chatKeys.connections(org) }),
  });
}

export function useDeleteChatConnection(org: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiDelete(apiPath`/organizations/${org}/chat/connections/${id}`, z.unknown()),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['chat', org] }),
  });
}

export function useTestChatConnection(org: string) {
  return useMutation({
    mutationFn: (id: string) =>
      apiPost(apiPath`/organizations/${org}/chat/connections/${id}/test`, {}, ChatTestResultSchema),
  });
}

export function useCreateChatRoute(org: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ChatRouteCreate) =>
      apiPost(apiPath`/organizations/${org}/chat/routes`, body, ChatRouteSchema),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: chatKeys.routes(org) }),
  });
}

export function useDeleteChatRoute(org: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiDelete(apiPath`/organizations/${org}/chat/routes/${id}`, z.unknown()),
    onSettled: () => queryClient.invalidateQueries({ queryKey: chatKeys.routes(org) }),
  });
}
