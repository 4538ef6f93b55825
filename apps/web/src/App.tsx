import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { type QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from 'react-router-dom';
import { router } from './app/router';
import { theme } from './app/theme';

/**
 * The CSP forbids inline styles without the response's nonce; the server writes it into
 * `<meta name="csp-nonce">` and Mantine puts it on every `<style>` element it creates, the
 * notifications' included (they render inside the provider).
 */
const styleNonce = () => document.querySelector<HTMLMetaElement>('meta[name="csp-nonce"]')?.content ?? '';

declare global {
  /** The nonce get-nonce hands to react-style-singleton when none was set through get-nonce itself. */
  var __webpack_nonce__: string | undefined;
}
/*
 * Mantine's modals lock page scrolling with react-remove-scroll, whose `<style>` takes its nonce
 * from get-nonce (not from MantineProvider); get-nonce falls back to this global, which needs no
 * import of a package Dexter does not depend on directly.
 */
globalThis.__webpack_nonce__ = styleNonce();

/** Every toast is a `notifications.show(...)`; errors stay longer (see `errorNotification`). */
const NOTIFICATION_ATTRIBUTES = { notification: { 'data-testid': 'notification' } };

/** `queryClient`: made (and primed from the boot read) by main.tsx before the first render. */
export function App({ queryClient }: { queryClient: QueryClient }) {
  return (
    <MantineProvider theme={theme} defaultColorScheme="auto" getStyleNonce={styleNonce}>
      <Notifications
        position="bottom-right"
        limit={4}
        autoClose={6_000}
        containerWidth={380}
        aria-live="polite"
        attributes={NOTIFICATION_ATTRIBUTES}
      />
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </MantineProvider>
  );
}
