/**
 * Release pages, live: a deploy the regression check flags (`deploy.flagged` on the
 * organization's topic) raises a notice and refreshes the notices the timeline and release pages
 * show, so its marker turns red without a reload; a release written at the source
 * (`release.changed`: `sentry-cli releases new`, `deploys new`…) refreshes the release data.
 */
import { type LiveServerMessage, liveTopic } from '@dexter/contracts';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { LONG_AUTO_CLOSE_MS } from '../../lib/error-notification';
import { useLiveTopic } from '../live/use-live';
import { releaseKeys } from './releases-queries';

export function useLiveDeployNotices(org: string): void {
  const queryClient = useQueryClient();
  useLiveTopic(org ? liveTopic.org(org) : null, (message: LiveServerMessage) => {
    if (message.type === 'release.changed' && message.org === org) {
      void queryClient.invalidateQueries({ queryKey: releaseKeys.org(org) });
      return;
    }
    if (message.type !== 'deploy.flagged' || message.org !== org) return;
    notifications.show({
      color: 'red',
      title: 'This deploy looks bad',
      message: `${message.release} to ${message.environment ?? 'an unknown environment'}: ${message.summary}`,
      autoClose: LONG_AUTO_CLOSE_MS,
    });
    void queryClient.invalidateQueries({ queryKey: [...releaseKeys.org(org), 'notices'] });
  });
}
