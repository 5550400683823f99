import type { DashboardTarget } from '../../../../shared/dashboard';

/** Opens a target (a screen, or the invoice list with filters); the App decides how. */
export type OpenTarget = (target: DashboardTarget) => void;
/** Whether this build has the screen a target leads to; cards whose screen is missing are shown, not linked. */
export type CanOpen = (target: DashboardTarget) => boolean;
