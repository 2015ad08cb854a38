export { safeNextPath } from './safe-next-path';
export { AppHeader } from './components/app-header';
export { SignInForm } from './components/sign-in-form';
export { runSessionAction, type ActionFailure } from './run-session-action';
