// Which client a request is for: `Host: <id>.localhost[:port]` → id; any other host (127.0.0.1, localhost) → the API.

export const TUNNEL_DOMAIN = 'localhost';

export function clientIdFromHost(host: string | undefined): string | null {
  if (!host) return null;
  const name = host.toLowerCase().replace(/:\d+$/, '').replace(/\.$/, '');
  const suffix = `.${TUNNEL_DOMAIN}`;
  if (!name.endsWith(suffix) || name.length === suffix.length) return null;
  return name.slice(0, -suffix.length);
}

export function tunnelUrlFor(id: string, httpPort: number): string {
  return `http://${id}.${TUNNEL_DOMAIN}:${httpPort}`;
}
