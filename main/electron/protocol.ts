// The app:// scheme that serves the built renderer (see policy.ts for why not file://).
import { protocol, type Session } from 'electron';
import { readFile } from 'node:fs/promises';
import { APP_SCHEME, APP_SCHEME_PRIVILEGES } from './policy';
import { rendererHeaders, resolveRendererRequest } from './renderer-files';

/** Must run before the app's `ready` event (index.ts calls it at module load); the privileges are in policy.ts. */
export function registerAppSchemePrivileges(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { ...APP_SCHEME_PRIVILEGES } }]);
}

/** Serves files of `rendererDir` (absolute dist/renderer) on app://taxpoynt/ for `session`, with our CSP. */
export function serveRenderer(session: Session, rendererDir: string, onRefused?: (url: string, reason: string) => void): void {
  session.protocol.handle(APP_SCHEME, async (request) => {
    const decision = resolveRendererRequest(rendererDir, request.url, request.method);
    if (decision.kind === 'refused') {
      onRefused?.(request.url, decision.reason);
      return new Response(`Refused: ${decision.reason}`, {
        status: decision.status,
        headers: { 'content-type': 'text/plain; charset=utf-8' },
      });
    }
    let body: Buffer;
    try {
      body = await readFile(decision.path);
    } catch {
      return new Response('Not found', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } });
    }
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
      status: 200,
      headers: rendererHeaders(decision.contentType),
    });
  });
}
