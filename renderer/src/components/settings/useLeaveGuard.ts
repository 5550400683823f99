import { useEffect, useRef, useState } from 'react';
import { setLeaveGuard } from '../../hooks/useHashRoute';

export interface LeaveGuardState {
  /** True while the "leave without saving?" question is open. */
  asking: boolean;
  /** Close the question and stay on the screen. */
  stay: () => void;
  /** Close the question and go where the owner was going (their edits are dropped). */
  leave: () => void;
}

/**
 * While `dirty`, leaving asks first: another screen (the hash route holds the change until the owner answers) and
 * closing or reloading the window (the browser's own question: pages may not word it themselves).
 */
export function useLeaveGuard(dirty: boolean): LeaveGuardState {
  const [asking, setAsking] = useState(false);
  const pendingLeave = useRef<(() => void) | null>(null);

  useEffect(() => {
    if (!dirty) return;
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      // Older Chromium (and Electron) still want returnValue set to show the question.
      e.returnValue = '';
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    const removeGuard = setLeaveGuard((leave) => {
      pendingLeave.current = leave;
      setAsking(true);
      return true;
    });
    return () => {
      window.removeEventListener('beforeunload', onBeforeUnload);
      removeGuard();
    };
  }, [dirty]);

  return {
    asking,
    stay: () => {
      pendingLeave.current = null;
      setAsking(false);
    },
    leave: () => {
      const go = pendingLeave.current;
      pendingLeave.current = null;
      setAsking(false);
      go?.();
    },
  };
}
