'use client';

import { useActionState, useState, type FormEvent } from 'react';
import { useCommonI18n, type Dictionary } from '@/modules/i18n';
import { signInAction, type SignInState } from '../account.actions';

/** The sign-in page's own texts, given by the page: they are not in the client dictionary every page carries. */
export type SignInFormTexts = Pick<Dictionary['signIn'], 'title' | 'email' | 'password' | 'submit' | 'submitting'>;

export function SignInForm({ next, passwordMaxLength, texts }: { next?: string; passwordMaxLength: number; texts: SignInFormTexts }) {
  const { t } = useCommonI18n();
  const [state, formAction, pending] = useActionState<SignInState, FormData>(signInAction, {});
  const [tooLong, setTooLong] = useState(false);
  const emailError = state.fieldErrors?.email;
  const passwordError = tooLong ? t.ui.passwordTooLong(passwordMaxLength) : state.fieldErrors?.password;
  // Checked here too, so the typed password stays (a submitted form is reset); the server checks again.
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    const password = new FormData(event.currentTarget).get('password');
    const over = typeof password === 'string' && password.length > passwordMaxLength;
    setTooLong(over);
    if (over) event.preventDefault();
  };
  return (
    <form action={formAction} onSubmit={onSubmit} className="sign-in-form" aria-label={texts.title} noValidate>
      {next ? <input type="hidden" name="next" value={next} /> : null}
      {state.error ? (
        <p className="feedback feedback--error" role="alert" data-reason={state.reason}>
          {state.error}
        </p>
      ) : null}
      <div className="field">
        <label htmlFor="email">{texts.email}</label>
        <input
          id="email"
          name="email"
          type="email"
          inputMode="email"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          required
          defaultValue={state.email}
          aria-invalid={emailError ? true : undefined}
          aria-describedby={emailError ? 'email-error' : undefined}
        />
        {emailError ? (
          <p id="email-error" className="field__error">
            {emailError}
          </p>
        ) : null}
      </div>
      <div className="field">
        <label htmlFor="password">{texts.password}</label>
        <input
          id="password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          aria-invalid={passwordError ? true : undefined}
          aria-describedby={passwordError ? 'password-error' : undefined}
        />
        {passwordError ? (
          <p id="password-error" className="field__error">
            {passwordError}
          </p>
        ) : null}
      </div>
      <button type="submit" className="button button--block" disabled={pending} aria-busy={pending}>
        {pending ? texts.submitting : texts.submit}
      </button>
    </form>
  );
}
