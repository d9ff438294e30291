import { createServer, type ViteDevServer } from 'vite';
import { createAppCore, type AppCore } from '../src/main/app-core';
import type { AppArgs } from '../src/main/app-args';
import { remoteAccountFromEnv } from '../src/main/config';
import { forkLauncher } from '../src/main/sandbox-process/launcher';
import { SANDBOX_CHILD_ENTRY } from '../src/main/web/cli';
import { startWebServer, type RunningWebServer } from '../src/main/web/server';
import { APP_VERSION } from '../src/main/version';
import { rendererConfig } from '../vite.renderer.config';

// Browser mode for development (`npm run dev` where Electron's binary cannot be had): Vite's dev
// server serves the renderer with hot reload on 127.0.0.1, and hands the contract's calls and
// pushes (/api) on to browser mode's own server, which checks them as it always does: the token,
// its Host, and an Origin that must be the page's.

/** Browser mode's routes: one per channel (`domains:add` → /api/domains/add) and the pushes. */
export const API_ROUTES = '^/api/(events|[a-z]+/[a-z-]+)(\\?.*)?$';

export interface BrowserDev {
  /** The address to open, token included. */
  url: string;
  vite: ViteDevServer;
  api: RunningWebServer;
  core: AppCore;
  close(): Promise<void>;
}

export async function startBrowserDev(
  args: Pick<AppArgs, 'dataDir' | 'dns' | 'sandbox' | 'port'>,
): Promise<BrowserDev> {
  const core = await createAppCore({
    dataDir: args.dataDir,
    mode: 'browser',
    version: APP_VERSION,
    remote: remoteAccountFromEnv(),
    dns: args.dns,
    sandbox: args.sandbox,
    // In its own process, as `npm run web` runs it.
    sandboxProcess: { launcher: forkLauncher(), entry: SANDBOX_CHILD_ENTRY },
  });
  let api: RunningWebServer | undefined;
  let vite: ViteDevServer | undefined;
  try {
    api = await startWebServer({ core, rendererDir: null, port: 0 });
    const target = api.origin;
    let pageOrigin = '';
    vite = await createServer({
      ...rendererConfig,
      configFile: false,
      mode: 'development',
      clearScreen: false,
      logLevel: 'warn',
      server: {
        host: '127.0.0.1',
        port: args.port,
        strictPort: args.port !== 0,
        proxy: {
          // The contract's routes only (/api/topic/verb, /api/events): the renderer's own
          // src/renderer/shell/api.ts and http-api.ts are served by Vite.
          [API_ROUTES]: {
            target,
            changeOrigin: true,
            configure: (proxy) => {
              // The page's own calls carry Vite's origin: for the API they are its page's. Any
              // other origin goes through as it came, and is refused there.
              proxy.on('proxyReq', (request) => {
                if (request.getHeader('origin') === pageOrigin) request.setHeader('origin', target);
              });
            },
          },
        },
      },
    });
    await vite.listen();
    const local = vite.resolvedUrls?.local[0];
    if (!local) throw new Error('Vite did not say where it listens.');
    pageOrigin = new URL(local).origin;
    const started = { api, vite };
    return {
      url: `${pageOrigin}/?token=${api.token}`,
      vite,
      api,
      core,
      async close() {
        await started.vite.close();
        await started.api.close();
        await core.close();
      },
    };
  } catch (error) {
    await vite?.close();
    await api?.close();
    await core.close();
    throw error;
  }
}
