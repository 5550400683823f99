import type { Page } from 'playwright-core';

// Timings taken inside the page: from the owner's action to the frame after the list shows the answer, so the
// numbers hold React's render and a paint, not the test driver's round trips.

/** Clicks the Invoices menu entry and waits for the first row to be painted (the frame after it is in the DOM). */
export function timeFirstRows(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const start = performance.now();
        (document.querySelector('[data-testid="nav-invoices"]') as HTMLButtonElement).click();
        const check = () =>
          document.querySelector('[data-testid="invoice-row"]')
            ? requestAnimationFrame(() => resolve(performance.now() - start))
            : requestAnimationFrame(check);
        check();
      }),
  );
}

/**
 * Picks `value` in the select `testId` as the owner would (React listens for the change event) and waits until the
 * count above the list starts with `expectedCount` and a row is shown, then one more frame.
 */
export function timeSelectFilter(page: Page, testId: string, value: string, expectedCount: string): Promise<number> {
  return page.evaluate(
    ({ testId, value, expectedCount }) =>
      new Promise<number>((resolve) => {
        const select = document.querySelector(`[data-testid="${testId}"]`) as HTMLSelectElement;
        const setValue = Object.getOwnPropertyDescriptor(HTMLSelectElement.prototype, 'value')!.set!;
        const start = performance.now();
        setValue.call(select, value);
        select.dispatchEvent(new Event('change', { bubbles: true }));
        const check = () =>
          document.querySelector('[data-testid="invoice-total-count"]')?.textContent?.startsWith(expectedCount) &&
          document.querySelector('[data-testid="invoice-row"]')
            ? requestAnimationFrame(() => resolve(performance.now() - start))
            : requestAnimationFrame(check);
        check();
      }),
    { testId, value, expectedCount },
  );
}
