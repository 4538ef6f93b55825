/**
 * Dev: Vite serves the app and proxies /api to the Dexter server (DEXTER_PORT, default 3000).
 * Build: dist/, which the server serves with an SPA fallback. Vendor code is split by how often it
 * changes and what needs it: React + router, Mantine, TanStack, zod.
 */
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const serverPort = process.env.DEXTER_PORT ?? '3000';

const vendorGroups = [
  {
    name: 'vendor-react',
    test: /node_modules[\\/](react|react-dom|react-router|react-router-dom|scheduler|cookie)[\\/]/,
  },
  { name: 'vendor-mantine', test: /node_modules[\\/]@mantine[\\/]/ },
  { name: 'vendor-tanstack', test: /node_modules[\\/]@tanstack[\\/]/ },
  { name: 'vendor-zod', test: /node_modules[\\/]zod[\\/]/ },
];

export default defineConfig({
  plugins: [react()],
  server: {
    // ws: the live-updates WebSocket (/api/v1/live) goes through the same proxy.
    proxy: { '/api': { target: `http://127.0.0.1:${serverPort}`, changeOrigin: false, ws: true } },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    rolldownOptions: { output: { codeSplitting: { groups: vendorGroups } } },
  },
});
