import { useCallback, useEffect, useState } from 'react';

/** Below this window width the menu starts collapsed to icons, leaving the room to the screen's content. */
const NARROW = '(max-width: 960px)';

/**
 * Whether the sidebar shows icons only. It follows the window width until the owner toggles it; their choice then
 * holds until the window crosses the breakpoint again.
 */
export function useSidebarCollapsed(): [boolean, () => void] {
  const [collapsed, setCollapsed] = useState(() => window.matchMedia(NARROW).matches);
  useEffect(() => {
    const query = window.matchMedia(NARROW);
    const follow = () => setCollapsed(query.matches);
    query.addEventListener('change', follow);
    return () => query.removeEventListener('change', follow);
  }, []);
  const toggle = useCallback(() => setCollapsed((c) => !c), []);
  return [collapsed, toggle];
}
