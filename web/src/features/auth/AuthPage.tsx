import { useId, useRef, useState } from 'react';
import { useMutation } from 'urql';
import { fieldErrors, friendlyError } from '../../lib/errors';
import { hrefFor } from '../../lib/router';
import { sessionStore } from '../../lib/session';
import { Icon } from '../../ui/icons';
import { SignInMutation, SignUpMutation } from './operations';

const PASSWORD_MIN = 10;

/** Sign in and sign up; a session that ended shows why, above the form. */
export function AuthPage({ mode, notice }: { mode: 'signin' | 'signup'; notice: string | null }) {
  const id = useId();
  const isSignUp = mode === 'signup';
  const [name, setName] = useState('');
  const [email, setEmail] = useState(() => (isSignUp ? '' : sessionStore.lastEmail()));
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [signIn, runSignIn] = useMutation(SignInMutation);
  const [signUp, runSignUp] = useMutation(SignUpMutation);
  const busy = signIn.fetching || signUp.fetching;
  const nameRef = useRef<HTMLInputElement>(null);
  const emailRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setFormError(null);
    const found: Record<string, string> = {};
    if (isSignUp && !name.trim()) found.name = 'Enter your name.';
    if (!/^\S+@\S+\.\S+$/.test(email.trim())) found.email = 'Enter a valid email address.';
    if (!password) found.password = 'Enter your password.';
    else if (isSignUp && password.length < PASSWORD_MIN)
      found.password = `Use at least ${PASSWORD_MIN} characters.`;
    setErrors(found);
    if (found.name) return nameRef.current?.focus();
    if (found.email) return emailRef.current?.focus();
    if (found.password) return passwordRef.current?.focus();

    const result = isSignUp
      ? await runSignUp({ input: { name: name.trim(), email: email.trim(), password } })
      : await runSignIn({ input: { email: email.trim(), password } });
    if (result.error) {
      const byField = fieldErrors(result.error);
      setErrors(byField);
      setFormError(Object.keys(byField).length ? null : friendlyError(result.error));
      return;
    }
    const payload = result.data && ('signUp' in result.data ? result.data.signUp : result.data.signIn);
    if (payload) {
      sessionStore.start(payload);
      window.location.hash = '#/tasks';
    }
  };

  const field = (key: string, label: string, input: React.ReactNode, hint?: string) => (
    <div className="field">
      <label className="field-label" htmlFor={`${id}-${key}`}>
        {label}
      </label>
      {input}
      {errors[key] ? (
        <p id={`${id}-${key}-error`} className="field-error">
          {errors[key]}
        </p>
      ) : hint ? (
        <p id={`${id}-${key}-hint`} className="field-hint">
          {hint}
        </p>
      ) : null}
    </div>
  );
  const described = (key: string, hint?: boolean) =>
    errors[key] ? `${id}-${key}-error` : hint ? `${id}-${key}-hint` : undefined;

  return (
    <main className="auth-page">
      <div className="auth-card">
        <div className="brand brand-lg">
          <span className="brand-mark" aria-hidden="true">
            <Icon name="check" size={18} />
          </span>
          <span className="brand-name">TaskFlow</span>
        </div>
        <h1 className="auth-title">{isSignUp ? 'Create your account' : 'Welcome back'}</h1>
        <p className="auth-subtitle">
          {isSignUp
            ? 'Plan, repeat and finish your tasks — everywhere.'
            : 'Sign in to pick up where you left off.'}
        </p>
        {notice ? (
          <div className="notice notice-warning" role="alert">
            <Icon name="alert" />
            <span>{notice}</span>
          </div>
        ) : null}
        {formError ? (
          <div className="notice notice-error" role="alert">
            <Icon name="alert" />
            <span>{formError}</span>
          </div>
        ) : null}
        <form
          className="auth-form"
          onSubmit={submit}
          noValidate
          aria-label={isSignUp ? 'Sign up' : 'Sign in'}
        >
          {isSignUp
            ? field(
                'name',
                'Name',
                <input
                  ref={nameRef}
                  id={`${id}-name`}
                  className="input"
                  autoComplete="name"
                  value={name}
                  onChange={(e) => setName(e.target.value)}
                  aria-invalid={!!errors.name}
                  aria-describedby={described('name')}
                />,
              )
            : null}
          {field(
            'email',
            'Email',
            <input
              ref={emailRef}
              id={`${id}-email`}
              className="input"
              type="email"
              autoComplete="email"
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              aria-invalid={!!errors.email}
              aria-describedby={described('email')}
            />,
          )}
          {field(
            'password',
            'Password',
            <input
              ref={passwordRef}
              id={`${id}-password`}
              className="input"
              type="password"
              autoComplete={isSignUp ? 'new-password' : 'current-password'}
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              aria-invalid={!!errors.password}
              aria-describedby={described('password', isSignUp)}
            />,
            isSignUp ? `At least ${PASSWORD_MIN} characters.` : undefined,
          )}
          <button type="submit" className="button button-primary button-block" disabled={busy}>
            {busy ? 'Please wait…' : isSignUp ? 'Create account' : 'Sign in'}
          </button>
        </form>
        <p className="auth-switch">
          {isSignUp ? 'Already have an account?' : 'New to TaskFlow?'}{' '}
          <a href={hrefFor(isSignUp ? 'signin' : 'signup')}>{isSignUp ? 'Sign in' : 'Create an account'}</a>
        </p>
      </div>
      <p className="auth-footer">
        <a href="/graphiql">Explore the API in GraphiQL</a>
      </p>
    </main>
  );
}
