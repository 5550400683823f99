// Starts a fake Square with one merchant, two locations and a registered app, for `npm run serve` by hand:
//   npx tsx test/fakes/fake-square/cli.ts
//   SQUARE_BASE_URL=<printed url> npm run serve
// Env: FAKE_SQUARE_APP_ID (default sq0idp-fake-app), FAKE_SQUARE_REDIRECT (default
// http://127.0.0.1:53123/oauth/callback), FAKE_SQUARE_PORT (default: any free port),
// FAKE_SQUARE_PERSONAL_TOKEN (default fake-personal-token), FAKE_SQUARE_DENY=1 (the seller denies access).
import { startFakeSquare } from './index';

async function main(): Promise<void> {
  const appId = process.env.FAKE_SQUARE_APP_ID ?? 'sq0idp-fake-app';
  const redirectUri = process.env.FAKE_SQUARE_REDIRECT ?? 'http://127.0.0.1:53123/oauth/callback';
  const port = Number(process.env.FAKE_SQUARE_PORT ?? 0);
  const fake = await startFakeSquare({ apps: [{ clientId: appId, redirectUri }], port });

  const merchant = fake.addMerchant({ id: 'MLFAKEMERCHANT1', business_name: 'Fake Coffee Ltd', country: 'US', currency: 'USD' });
  const usd = fake.addLocation({ id: 'LFAKEUSD000001', name: 'Fake Coffee – New York', currency: 'USD', country: 'US' });
  const gbp = fake.addLocation({ id: 'LFAKEGBP000001', name: 'Fake Coffee – London', currency: 'GBP', country: 'GB' });
  if (process.env.FAKE_SQUARE_DENY === '1') fake.setLogin({ decision: 'deny' });
  const personal = process.env.FAKE_SQUARE_PERSONAL_TOKEN ?? 'fake-personal-token';
  fake.addPersonalAccessToken(personal, merchant.id, appId);

  fake.addSale({
    locationId: usd.id,
    lines: [
      { name: 'Latte', unitPrice: 450, quantity: 2, variationName: 'Large' },
      { name: 'Croissant', unitPrice: 325 },
    ],
    taxes: [{ name: 'Sales tax', percentage: '8.875' }],
    tip: 100,
  });
  fake.addSale({
    locationId: gbp.id,
    lines: [{ name: 'Flat white', unitPrice: 340 }],
    taxes: [{ name: 'VAT', percentage: '20', type: 'INCLUSIVE' }],
    sourceType: 'CASH',
  });

  console.log(`fake square ready at ${fake.url}`);
  console.log(`  app ${appId} → ${redirectUri}; merchant ${merchant.id}; locations ${usd.id} (USD), ${gbp.id} (GBP)`);
  console.log(`  personal access token: ${personal}`);

  const stop = (): void => {
    void fake.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
