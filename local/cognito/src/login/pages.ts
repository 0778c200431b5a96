/**
 * The managed login pages, server-rendered. Plain HTML forms that work without JavaScript:
 * every field has a label, errors are announced (role="alert") and tied to their field
 * (aria-describedby), and the natural tab order is the reading order. Every value is escaped
 * by the `html` tag.
 */
import { html, SafeHtml } from '../html.js';
import type { PasswordPolicy } from '../pool/passwords.js';

const STYLE = `
  :root { color-scheme: light dark; font-family: system-ui, sans-serif; }
  body { margin: 0; display: flex; justify-content: center; padding: 3rem 1rem; }
  main { width: 100%; max-width: 24rem; }
  h1 { font-size: 1.5rem; }
  form { display: grid; gap: 0.75rem; }
  label { font-weight: 600; }
  input { font: inherit; padding: 0.5rem; border: 1px solid #767676; border-radius: 4px; }
  input:focus, button:focus, a:focus { outline: 3px solid #1a73e8; outline-offset: 2px; }
  button { font: inherit; padding: 0.6rem; border: 0; border-radius: 4px; background: #1a56c4; color: #fff; cursor: pointer; }
  .error { border-left: 4px solid #c5221f; padding: 0.5rem 0.75rem; background: rgba(197, 34, 31, 0.08); }
  .notice { border-left: 4px solid #1a56c4; padding: 0.5rem 0.75rem; background: rgba(26, 86, 196, 0.08); }
  .hint { font-size: 0.9rem; margin: 0; }
  footer { margin-top: 2rem; font-size: 0.85rem; opacity: 0.8; }
`;

function layout(title: string, body: SafeHtml): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} – Secure Notes (local Cognito)</title>
<style>${new SafeHtml(STYLE)}</style>
</head>
<body>
<main>
${body}
<footer>Local Amazon Cognito for development. Never use it for real accounts.</footer>
</main>
</body>
</html>
`.value;
}

function csrfField(csrfToken: string): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${csrfToken}">`;
}

function errorBox(id: string, message: string | undefined, items: readonly string[] = []): SafeHtml {
  if (!message) return html``;
  return html`<div class="error" id="${id}" role="alert">
<p>${message}</p>
${items.length > 0 ? html`<ul>${items.map((item) => html`<li>${item}</li>`)}</ul>` : ''}
</div>`;
}

function noticeBox(message: string | undefined): SafeHtml {
  return message ? html`<p class="notice" role="status">${message}</p>` : html``;
}

/** The policy as a sentence, for the hint under a new password. */
export function policyHint(policy: PasswordPolicy): string {
  const parts = [`at least ${policy.MinimumLength} characters`];
  if (policy.RequireUppercase) parts.push('an upper-case letter');
  if (policy.RequireLowercase) parts.push('a lower-case letter');
  if (policy.RequireNumbers) parts.push('a number');
  if (policy.RequireSymbols) parts.push('a special character');
  return `Use ${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}.`;
}

export function errorPage(input: { title: string; message: string; error?: string }): string {
  return layout(
    input.title,
    html`<h1>${input.title}</h1>
<div class="error" role="alert"><p>${input.message}</p>${input.error ? html`<p>Error: <code>${input.error}</code></p>` : ''}</div>`,
  );
}

export function signInPage(input: {
  query: string;
  csrfToken: string;
  username?: string;
  error?: string;
  notice?: string;
}): string {
  const describedBy = input.error ? 'signin-error' : undefined;
  return layout(
    'Sign in',
    html`<h1>Sign in</h1>
${noticeBox(input.notice)}
${errorBox('signin-error', input.error)}
<form method="post" action="/login?${input.query}" novalidate>
${csrfField(input.csrfToken)}
<label for="username">Email address</label>
<input id="username" name="username" type="email" autocomplete="username" required${input.username ? '' : html` autofocus`} value="${input.username ?? ''}"${describedBy ? html` aria-describedby="${describedBy}" aria-invalid="true"` : ''}>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required${input.username ? html` autofocus` : ''}${describedBy ? html` aria-describedby="${describedBy}" aria-invalid="true"` : ''}>
<button type="submit">Sign in</button>
</form>
<p><a href="/forgotPassword?${input.query}">Forgot your password?</a></p>
<p>New user? <a href="/signup?${input.query}">Create an account</a></p>`,
  );
}

export function newPasswordPage(input: {
  query: string;
  csrfToken: string;
  policy: PasswordPolicy;
  missingAttributes: readonly string[];
  values?: Record<string, string>;
  error?: string;
  problems?: readonly string[];
}): string {
  const invalid = input.error ? html` aria-invalid="true"` : '';
  return layout(
    'Change password',
    html`<h1>Change password</h1>
<p>Please enter a new password${input.missingAttributes.length > 0 ? ' and complete your profile' : ''} to finish signing in.</p>
${errorBox('password-error', input.error, input.problems)}
<form method="post" action="/new-password?${input.query}" novalidate>
${csrfField(input.csrfToken)}
<label for="new-password">New password</label>
<input id="new-password" name="newPassword" type="password" autocomplete="new-password" required autofocus aria-describedby="password-hint${input.error ? ' password-error' : ''}"${invalid}>
<p class="hint" id="password-hint">${policyHint(input.policy)}</p>
<label for="confirm-password">Confirm new password</label>
<input id="confirm-password" name="confirmPassword" type="password" autocomplete="new-password" required${invalid}>
${input.missingAttributes.map((name) => attributeField(name, input.values?.[name]))}
<button type="submit">Change password and sign in</button>
</form>`,
  );
}

const ATTRIBUTE_LABELS: Record<string, { label: string; autocomplete: string }> = {
  name: { label: 'Name', autocomplete: 'name' },
  email: { label: 'Email address', autocomplete: 'email' },
};

function attributeField(name: string, value: string | undefined): SafeHtml {
  const { label, autocomplete } = ATTRIBUTE_LABELS[name] ?? { label: name, autocomplete: 'off' };
  return html`<label for="attr-${name}">${label}</label>
<input id="attr-${name}" name="attr_${name}" type="text" autocomplete="${autocomplete}" required value="${value ?? ''}">`;
}

export function signUpPage(input: {
  query: string;
  csrfToken: string;
  policy: PasswordPolicy;
  values?: { email?: string; name?: string };
  error?: string;
  problems?: readonly string[];
}): string {
  return layout(
    'Sign up',
    html`<h1>Create an account</h1>
${errorBox('signup-error', input.error, input.problems)}
<form method="post" action="/signup?${input.query}" novalidate>
${csrfField(input.csrfToken)}
<label for="email">Email address</label>
<input id="email" name="email" type="email" autocomplete="email" required autofocus value="${input.values?.email ?? ''}">
<label for="name">Name</label>
<input id="name" name="name" type="text" autocomplete="name" required value="${input.values?.name ?? ''}">
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="new-password" required aria-describedby="password-hint${input.error ? ' signup-error' : ''}">
<p class="hint" id="password-hint">${policyHint(input.policy)}</p>
<label for="confirm-password">Confirm password</label>
<input id="confirm-password" name="confirmPassword" type="password" autocomplete="new-password" required>
<button type="submit">Sign up</button>
</form>
<p>Already have an account? <a href="/login?${input.query}">Sign in</a></p>`,
  );
}

export function confirmPage(input: {
  query: string;
  csrfToken: string;
  destination?: string;
  error?: string;
  notice?: string;
}): string {
  return layout(
    'Confirm your account',
    html`<h1>Confirm your account</h1>
${noticeBox(input.notice ?? (input.destination ? `We have sent a code by email to ${input.destination}. Enter it below to confirm your account.` : undefined))}
${errorBox('confirm-error', input.error)}
<form method="post" action="/confirm?${input.query}" novalidate>
${csrfField(input.csrfToken)}
${
  input.destination
    ? ''
    : html`<label for="username">Email address</label>
<input id="username" name="username" type="email" autocomplete="username" required>`
}
<label for="code">Verification code</label>
<input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" required autofocus${input.error ? html` aria-describedby="confirm-error" aria-invalid="true"` : ''}>
<button type="submit" name="action" value="confirm">Confirm account</button>
<button type="submit" name="action" value="resend">Send a new code</button>
</form>`,
  );
}

export function forgotPasswordPage(input: {
  query: string;
  csrfToken: string;
  username?: string;
  error?: string;
}): string {
  return layout(
    'Forgot your password?',
    html`<h1>Forgot your password?</h1>
<p>Enter your email address below and we will send a code to reset your password.</p>
${errorBox('forgot-error', input.error)}
<form method="post" action="/forgotPassword?${input.query}" novalidate>
${csrfField(input.csrfToken)}
<label for="username">Email address</label>
<input id="username" name="username" type="email" autocomplete="username" required autofocus value="${input.username ?? ''}"${input.error ? html` aria-describedby="forgot-error" aria-invalid="true"` : ''}>
<button type="submit">Reset my password</button>
</form>
<p><a href="/login?${input.query}">Back to sign in</a></p>`,
  );
}

export function resetPasswordPage(input: {
  query: string;
  csrfToken: string;
  policy: PasswordPolicy;
  notice?: string;
  error?: string;
  problems?: readonly string[];
}): string {
  const invalid = input.error ? html` aria-invalid="true"` : '';
  return layout(
    'Reset your password',
    html`<h1>Reset your password</h1>
${noticeBox(input.notice)}
${errorBox('reset-error', input.error, input.problems)}
<form method="post" action="/confirmForgotPassword?${input.query}" novalidate>
${csrfField(input.csrfToken)}
<label for="code">Code</label>
<input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" required autofocus${input.error ? html` aria-describedby="reset-error"` : ''}>
<label for="new-password">New password</label>
<input id="new-password" name="newPassword" type="password" autocomplete="new-password" required aria-describedby="password-hint"${invalid}>
<p class="hint" id="password-hint">${policyHint(input.policy)}</p>
<label for="confirm-password">Confirm new password</label>
<input id="confirm-password" name="confirmPassword" type="password" autocomplete="new-password" required${invalid}>
<button type="submit">Change password</button>
</form>
<p><a href="/forgotPassword?${input.query}">Send a new code</a></p>`,
  );
}
