// No components here: a page importing this index would send every client component it reaches
// to the browser (every signed-in page carried the sign-in form). Import components/app-header and
// components/sign-in-form from their files.
export { safeNextPath } from './safe-next-path';
export { runSessionAction, type ActionFailure } from './run-session-action';
