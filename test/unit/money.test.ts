import { describe, expect, it } from 'vitest';
import { currencyExponent, formatMoney, minorToDecimalString, toSafeMinor } from '../../shared/money';

describe('money in minor units', () => {
  it('knows ISO 4217 exponents', () => {
    expect(currencyExponent('USD')).toBe(2);
    expect(currencyExponent('NGN')).toBe(2);
    expect(currencyExponent('JPY')).toBe(0);
    expect(currencyExponent('KWD')).toBe(3);
    expect(() => currencyExponent('usd')).toThrow(/ISO 4217/);
  });

  it('formats exactly from integers, including negatives, zero-exponent and bigint', () => {
    expect(minorToDecimalString(123456, 'USD')).toBe('1234.56');
    expect(minorToDecimalString(5, 'USD')).toBe('0.05');
    expect(minorToDecimalString(-5, 'USD')).toBe('-0.05');
    expect(minorToDecimalString(1500, 'JPY')).toBe('1500');
    expect(minorToDecimalString(1234, 'KWD')).toBe('1.234');
    expect(minorToDecimalString(9007199254740993n, 'USD')).toBe('90071992547409.93');
    expect(formatMoney(123456789, 'NGN')).toBe('NGN 1,234,567.89');
    expect(formatMoney(-100000, 'JPY')).toBe('-JPY 100,000');
  });

  it('refuses amounts that a JS number cannot hold exactly', () => {
    expect(toSafeMinor(1050n)).toBe(1050);
    expect(() => toSafeMinor(2n ** 60n)).toThrow(RangeError);
    expect(() => toSafeMinor(1.5)).toThrow(RangeError);
  });
});
