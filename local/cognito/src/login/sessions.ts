/**
 * Managed login sessions. The browser holds only a random session id in a signed, HttpOnly,
 * SameSite=Lax cookie that lives one hour, as Cognito's does; the session (its CSRF token, the
 * signed-in user, a pending password change or sign-up confirmation) stays on the server, in
 * memory. Signing in replaces the session id, so an id planted before sign-in is worthless.
 */
import { timingSafeEqual } from 'node:crypto';
import type { CookieOptions, Request, Response } from 'express';
import { newOpaqueToken } from '../ids.js';

export const SESSION_COOKIE = 'cognito';
/** The managed login session lives one hour. */
export const SESSION_LIFETIME_MS = 60 * 60 * 1000;
/** A NEW_PASSWORD_REQUIRED challenge must be answered within 3 minutes, as Cognito's session. */
export const CHALLENGE_LIFETIME_MS = 3 * 60 * 1000;

export interface Session {
  id: string;
  /** Every form carries it; a POST without it (or with another) is refused. */
  readonly csrfToken: string;
  expiresAt: number;
  /** Set once the user has signed in. */
  signedIn?: { username: string; authTime: number };
  /** A user who gave a temporary password and must now choose a new one. */
  newPasswordChallenge?: { username: string; expiresAt: number };
  /**
   * A user whose confirmation this session started: it signed the user up, or gave the user's
   * password while the account was unconfirmed. Only then does the right code also sign in.
   */
  confirming?: { username: string };
  /** A password reset under way: the name the user gave on "Forgot your password?" (or on /login). */
  resetting?: { name: string };
  /** Shown once on the next page that shows notices (e.g. "your account is confirmed"). */
  notice?: string;
}

export class SessionStore {
  readonly #sessions = new Map<string, Session>();
  readonly #now: () => number;
  readonly #secure: boolean;

  constructor(options: { now: () => number; secureCookies: boolean }) {
    this.#now = options.now;
    this.#secure = options.secureCookies;
  }

  #cookieOptions(): CookieOptions {
    return { httpOnly: true, sameSite: 'lax', signed: true, path: '/', secure: this.#secure };
  }

  /** The live session named by the request's cookie (a forged or tampered cookie names none). */
  current(req: Request): Session | undefined {
    const id = (req.signedCookies as Record<string, unknown> | undefined)?.[SESSION_COOKIE];
    if (typeof id !== 'string') return undefined;
    const session = this.#sessions.get(id);
    if (!session) return undefined;
    if (session.expiresAt <= this.#now()) {
      this.#sessions.delete(id);
      return undefined;
    }
    return session;
  }

  /** The current session, or a new anonymous one (with its cookie set on `res`). */
  ensure(req: Request, res: Response): Session {
    const existing = this.current(req);
    if (existing) return existing;
    this.#prune();
    const session: Session = {
      id: newOpaqueToken(),
      csrfToken: newOpaqueToken(),
      expiresAt: this.#now() + SESSION_LIFETIME_MS,
    };
    this.#sessions.set(session.id, session);
    this.#setCookie(res, session);
    return session;
  }

  /** Marks the user signed in under a fresh session id; the session then lives one hour. */
  signIn(res: Response, session: Session, username: string): Session {
    this.#sessions.delete(session.id);
    const now = this.#now();
    const next: Session = {
      id: newOpaqueToken(),
      csrfToken: newOpaqueToken(),
      expiresAt: now + SESSION_LIFETIME_MS,
      signedIn: { username, authTime: Math.floor(now / 1000) },
    };
    this.#sessions.set(next.id, next);
    this.#setCookie(res, next);
    return next;
  }

  /** Ends the session and clears the cookie. */
  destroy(req: Request, res: Response): void {
    const session = this.current(req);
    if (session) this.#sessions.delete(session.id);
    res.clearCookie(SESSION_COOKIE, { ...this.#cookieOptions(), signed: false });
  }

  /** Whether `token` is the session's CSRF token (constant-time). */
  csrfMatches(session: Session, token: unknown): boolean {
    if (typeof token !== 'string') return false;
    const expected = Buffer.from(session.csrfToken);
    const actual = Buffer.from(token);
    return expected.length === actual.length && timingSafeEqual(expected, actual);
  }

  #setCookie(res: Response, session: Session): void {
    res.cookie(SESSION_COOKIE, session.id, {
      ...this.#cookieOptions(),
      // Whole seconds, rounded up: a millisecond spent between making the session and setting
      // its cookie must not turn a one-hour cookie into Max-Age=3599.
      maxAge: Math.max(0, Math.ceil((session.expiresAt - this.#now()) / 1000) * 1000),
    });
  }

  #prune(): void {
    const now = this.#now();
    for (const [id, session] of this.#sessions) if (session.expiresAt <= now) this.#sessions.delete(id);
  }
}
