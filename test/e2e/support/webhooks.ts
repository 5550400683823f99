import { request } from 'node:http';
import type { Channel, ChannelOutput } from '../../../shared/contract';
import type { WebhookStatus } from '../../../shared/webhooks';
import { signWebhook } from '../../fakes/fake-square';
import { fetchViaTunnel } from '../../fakes/tunnel-server';
import type { ServeHandle } from './serve';

/** Calls one contract channel of the headless host over its HTTP API, as the page does. */
export async function callApi<C extends Channel>(host: ServeHandle, channel: C, input: object = {}): Promise<ChannelOutput<C>> {
  const res = await fetch(`${host.origin}/api/${channel}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${host.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(input),
  });
  if (!res.ok) throw new Error(`${channel} answered HTTP ${res.status}: ${await res.text()}`);
  return (await res.json()) as ChannelOutput<C>;
}

export const webhookStatus = (host: ServeHandle): Promise<WebhookStatus> => callApi(host, 'webhooks.status');

export interface Posted {
  status: number;
  body: string;
}

const headersFor = (signature: string) => ({
  'Content-Type': 'application/json',
  'User-Agent': 'Square Connect v2',
  'X-Square-HmacSha256-Signature': signature,
});

/**
 * POSTs an event to a `http://<id>.localhost:<port>/…` notification URL through the test tunnel server, as Square
 * would, signed with `signatureKey` over the notification URL + the raw body.
 */
export async function postThroughTunnel(notificationUrl: string, body: string, signatureKey: string): Promise<Posted> {
  const url = new URL(notificationUrl);
  const res = await fetchViaTunnel(url.origin, url.pathname, {
    method: 'POST',
    headers: headersFor(signWebhook(signatureKey, notificationUrl, body)),
    body,
  });
  return { status: res.status, body: await res.text() };
}

/**
 * POSTs straight to the receiver on 127.0.0.1:port, signed for `notificationUrl` (the owner's public URL, which a
 * reverse proxy would forward here): the receiver must check the signature against that URL, not its own Host.
 */
export function postToReceiver(port: number, notificationUrl: string, body: string, signatureKey: string): Promise<Posted> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: new URL(notificationUrl).pathname,
        method: 'POST',
        headers: { ...headersFor(signWebhook(signatureKey, notificationUrl, body)), 'Content-Length': Buffer.byteLength(body) },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (d: string) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
