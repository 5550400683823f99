/**
 * After a screen change, waits (up to `timeoutMs`) for the element with `id` to be rendered, then scrolls it into
 * view and focuses it. Used to land the owner on the Square screen's personal access token field.
 */
export function focusWhenShown(id: string, timeoutMs = 3000): void {
  const deadline = performance.now() + timeoutMs;
  const attempt = () => {
    const el = document.getElementById(id);
    if (el) {
      el.scrollIntoView({ block: 'center' });
      el.focus({ preventScroll: true });
      return;
    }
    if (performance.now() < deadline) requestAnimationFrame(attempt);
  };
  requestAnimationFrame(attempt);
}
