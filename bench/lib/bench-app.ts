import { startAppConnectedTo, type TestApp } from '../../test/support/pipeline-harness';
import type { TempAppOptions } from '../../test/support/temp-app';
import type { BenchShop } from './bench-shop';

/** The tests' connected app (receiver verifying with HOOK_KEY at HOOK_URL, tokens and rows in place), for either home of the fake. */
export function startBenchApp(shop: BenchShop, options: TempAppOptions = {}): Promise<TestApp> {
  return startAppConnectedTo(
    shop.url,
    async () => ({ merchantId: shop.merchantId, tokens: await shop.grantTokens(), location: await shop.location() }),
    options,
  );
}
