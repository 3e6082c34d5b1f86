import { defineConfig } from 'vite';

// Served by the gateway at /console/ from classpath:/META-INF/resources/console/ (this module's jar).
// `npm run dev` (or `npx vite preview` after a build) serves it on :5173 / :4173 and proxies the API to the gateway
// at MNEMOS_GATEWAY (default http://127.0.0.1:8080).
const gateway = process.env.MNEMOS_GATEWAY ?? 'http://127.0.0.1:8080';
// The browser's Origin (the dev server) is dropped: the gateway allows same-origin pages only (CORS) and would
// refuse these calls with 403 cors-rejected; through the gateway itself the console is same-origin.
const target = {
  target: gateway,
  configure: (proxy: { on: (event: 'proxyReq', f: (req: { removeHeader: (name: string) => void }) => void) => void }) =>
    proxy.on('proxyReq', (req) => req.removeHeader('origin')),
};
const proxy = { '/v1': target, '/v3': target, '/actuator': target };

export default defineConfig({
  base: '/console/',
  build: {
    outDir: 'target/classes/META-INF/resources/console',
    emptyOutDir: true,
    assetsDir: 'assets',
    sourcemap: false,
  },
  server: { proxy },
  preview: { proxy },
});
