import type { Page } from 'playwright-core';

// Timings taken inside the page: from the owner's action to the frame after the list shows the answer, so the
// numbers hold React's render and a paint, not the test driver's round trips. The page code is passed as text:
// tsx would otherwise wrap its named functions in a helper (__name) that does not exist in the page.

/** Resolves with the ms from `act` to the frame after `done` first holds. */
const timed = (act: string, done: string) => `new Promise((resolve) => {
  const start = performance.now();
  ${act};
  const check = () => (${done}) ? requestAnimationFrame(() => resolve(performance.now() - start)) : requestAnimationFrame(check);
  check();
})`;

/** Clicks the Invoices menu entry and waits for the first row to be painted. */
export function timeFirstRows(page: Page): Promise<number> {
  return page.evaluate(timed(
    `document.querySelector('[data-testid="nav-invoices"]').click()`,
    `document.querySelector('[data-testid="invoice-row"]')`,
  )) as Promise<number>;
}

/**
 * Picks `value` in the select `testId` as the owner would (React listens for the change event) and waits until the
 * count above the list starts with `expectedCount` and a row is shown, then one more frame.
 */
export function timeSelectFilter(page: Page, testId: string, value: string, expectedCount: string): Promise<number> {
  const select = `document.querySelector(${JSON.stringify(`[data-testid="${testId}"]`)})`;
  return page.evaluate(timed(
    `Object.getOwnPropertyDescriptor(HTMLSelectElement.prototype, 'value').set.call(${select}, ${JSON.stringify(value)});
     ${select}.dispatchEvent(new Event('change', { bubbles: true }))`,
    `(document.querySelector('[data-testid="invoice-total-count"]')?.textContent ?? '').startsWith(${JSON.stringify(expectedCount)})
     && document.querySelector('[data-testid="invoice-row"]')`,
  )) as Promise<number>;
}
