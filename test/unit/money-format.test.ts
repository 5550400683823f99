import { describe, expect, it } from 'vitest';
import { money } from '../../renderer/src/format';

// The renderer shows money with the currency's symbol and its ISO 4217 decimals, formatted from the integer's digits.
describe('money (renderer display)', () => {
  it('uses the narrow symbol and the currency exponent', () => {
    expect(money(130_075_000, 'NGN')).toBe('₦1,300,750.00');
    expect(money(1_371, 'USD')).toBe('$13.71');
    expect(money(1_800, 'GBP')).toBe('£18.00');
    expect(money(1_500, 'JPY')).toBe('¥1,500');
    expect(money(123_456, 'KWD')).toBe('KWD\u00a0123.456'); // no narrow symbol: the code, with Intl's no-break space
    expect(money(-403, 'USD')).toBe('-$4.03');
  });

  it('is exact for amounts a float would round', () => {
    expect(money(Number.MAX_SAFE_INTEGER, 'NGN')).toBe('₦90,071,992,547,409.91');
    expect(money(900_719_925_474_099, 'USD')).toBe('$9,007,199,254,740.99');
  });

  it('shows a bad currency code as it is instead of failing', () => {
    expect(money(5, 'bad')).toBe('bad 5 (minor units)');
  });
});
