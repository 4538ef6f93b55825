/**
 * The alerts page, live: a firing told on the organization's topic (`alert.fired`, the in-app
 * action) shows as a notice and refreshes the rules (last fired, count) and the history at once.
 */
import { type LiveServerMessage, liveTopic } from '@dexter/contracts';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useLiveTopic } from '../live/use-live';
import { alertKeys } from './alerts-queries';

export function useLiveAlerts(org: string): void {
  const queryClient = useQueryClient();
  useLiveTopic(org ? liveTopic.org(org) : null, (message: LiveServerMessage) => {
    if (message.type !== 'alert.fired' || message.org !== org) return;
    notifications.show({ color: 'blue', role: 'status', title: 'Alert', message: message.title });
    void queryClient.invalidateQueries({ queryKey: [...alertKeys.all, org] });
  });
}
