import { defineConfig, type ProxyOptions } from 'vite';
import react from '@vitejs/plugin-react';

// The api the dev server (and `vite preview`) forwards to.
const api = process.env.STOCKROOM_API_URL ?? 'http://127.0.0.1:8080';

/** A browser closing its WebSocket resets the proxied socket: not worth a stack trace. */
const quiet: ProxyOptions['configure'] = (proxy) => {
  proxy.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'ECONNRESET' && error.code !== 'EPIPE') console.error(`[proxy] ${error.message}`);
  });
};

const proxy: Record<string, ProxyOptions> = {
  '/graphql': { target: api, changeOrigin: true, ws: true, configure: quiet },
  '/documents': { target: api, changeOrigin: true, configure: quiet },
};

export default defineConfig({
  plugins: [react()],
  server: { proxy },
  preview: { proxy },
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    sourcemap: false,
    rolldownOptions: {
      output: {
        // Libraries change less often than the app: their own long-cached chunks.
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|react-router|scheduler|cookie|set-cookie-parser)[\\/]/ },
            { name: 'graphql', test: /node_modules[\\/](@apollo|graphql|graphql-ws|@wry|optimism|zen-observable|zen-observable-ts|ts-invariant|tslib|symbol-observable|rehackt|@graphql-typed-document-node)[\\/]/ },
          ],
        },
      },
    },
  },
});
