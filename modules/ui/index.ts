// Shared client-side UI pieces; importable from client components (no server-only code here).
export { ActionFeedback, useReturnPath, type FeedbackResult } from './components/action-feedback';
export { useHydrated } from './components/use-hydrated';
