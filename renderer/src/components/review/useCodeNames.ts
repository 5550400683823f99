import { useEffect, useState } from 'react';
import type { AuditEntry, BuyerAddress } from '../../../../shared/domain';
import { api } from '../../api';

const STATE = /^NG-[A-Z]{2}$/;
const LGA = /^NG-[A-Z]{2}-[A-Z]{2,4}$/;
const COUNTRY = /^[A-Z]{2}$/;

function addressCodes(a: unknown): string[] {
  if (!a || typeof a !== 'object') return [];
  const { state, lga, country } = a as Partial<BuyerAddress>;
  return [state, lga, country].filter((c): c is string => typeof c === 'string');
}

/** The NRS codes an invoice's buyer address and history mention (states, LGAs, countries). */
export function codesOf(address: BuyerAddress | null, history: AuditEntry[]): string[] {
  const codes = new Set(addressCodes(address));
  for (const e of history) {
    if (e.action !== 'invoice.buyer.changed') continue;
    for (const side of [e.detail?.before, e.detail?.after]) {
      const a = side && typeof side === 'object' ? (side as { address?: unknown }).address : undefined;
      for (const c of addressCodes(a)) codes.add(c);
    }
  }
  return [...codes].sort();
}

/**
 * Names for NRS codes ("NG-LA-IKE" → "Ikeja"), looked up once each, so addresses read in words. A code not found
 * (or not yet looked up) shows as itself.
 */
export function useCodeNames(codes: string[]): (code: string) => string {
  const [names, setNames] = useState<Record<string, string>>({});
  const key = codes.join(',');
  useEffect(() => {
    let current = true;
    const wanted = key ? key.split(',') : [];
    void Promise.all(
      wanted.map(async (code) => {
        const list = LGA.test(code) ? 'lgas' : STATE.test(code) ? 'states' : COUNTRY.test(code) ? 'countries' : null;
        if (!list) return null;
        const found = await api['codes.search']({ list, query: code }).catch(() => []);
        const entry = found.find((e) => e.code === code);
        return entry ? ([code, entry.name] as const) : null;
      }),
    ).then((pairs) => {
      if (current) setNames(Object.fromEntries(pairs.filter((p) => p !== null)));
    });
    return () => {
      current = false;
    };
  }, [key]);
  return (code) => names[code] ?? code;
}
