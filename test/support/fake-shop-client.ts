import { SquareClient } from 'square';
import { afterEach, beforeEach } from 'vitest';
import { capturingFetch } from '../../main/square/raw-capture';
import { startFakeSquare, type FakeSquare, type WireLocation } from '../fakes/fake-square';

// One US shop in the fake Square with a personal access token, and SDK clients for it: the plain SDK, and the SDK
// with the app's capturing fetch (main/square/raw-capture.ts), for tests that compare the two over real HTTP.

export interface FakeShop {
  fake: FakeSquare;
  location: WireLocation;
  plain(): SquareClient;
  capturing(): SquareClient;
}

export async function startFakeShop(token: string): Promise<FakeShop> {
  const fake = await startFakeSquare({ apps: [{ clientId: 'sq0idp-fake-shop', redirectUri: 'http://127.0.0.1:53123/oauth/callback' }] });
  const merchant = fake.addMerchant({ business_name: 'Ada Coffee', country: 'US', currency: 'USD' });
  const location = fake.addLocation({ name: 'Ada NYC' });
  fake.addPersonalAccessToken(token, merchant.id);
  return {
    fake,
    location,
    plain: () => new SquareClient({ token, baseUrl: fake.url }),
    capturing: () => new SquareClient({ token, baseUrl: fake.url, fetch: capturingFetch }),
  };
}

/** A fresh fake shop for each test of the calling `describe` (closed after each): read it from `.current`. */
export function withFakeShop(token: string): { readonly current: FakeShop } {
  const ref: { current?: FakeShop } = {};
  beforeEach(async () => {
    ref.current = await startFakeShop(token);
  });
  afterEach(async () => {
    await ref.current?.fake.close();
  });
  return ref as { readonly current: FakeShop };
}
