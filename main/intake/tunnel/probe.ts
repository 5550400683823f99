import { request } from 'node:http';
import { request as httpsRequest } from 'node:https';

/**
 * Asks our own receiver's health endpoint through the public tunnel URL, proving the whole path works.
 * `*.localhost` names (the test tunnel server) are sent to 127.0.0.1 with the Host header set, since not every
 * resolver maps them. `Bypass-Tunnel-Reminder` skips loca.lt's browser reminder page.
 */
export function probeThroughTunnel(publicUrl: string, path: string, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    let url: URL;
    try {
      url = new URL(path, publicUrl);
    } catch {
      resolve(false);
      return;
    }
    const viaLoopback = url.hostname.endsWith('.localhost');
    const send = url.protocol === 'https:' ? httpsRequest : request;
    const req = send(
      {
        host: viaLoopback ? '127.0.0.1' : url.hostname,
        port: url.port || (url.protocol === 'https:' ? 443 : 80),
        path: url.pathname,
        method: 'GET',
        headers: { host: url.host, 'bypass-tunnel-reminder': '1', 'user-agent': 'TaxPoynt-POS-Desk-probe' },
        timeout: timeoutMs,
      },
      (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      },
    );
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
    req.end();
  });
}
