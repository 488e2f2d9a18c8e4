import type { Request, Response } from 'express';
import { parseCookie } from 'cookie';
import type { AppConfig } from '../../config/config.js';

export const SESSION_COOKIE = 'crm_session';
/** The login form's CSRF token before there is a session (double-submit cookie). */
export const LOGIN_CSRF_COOKIE = 'crm_login_csrf';

export function readCookie(req: Request, name: string): string | null {
  const header = req.headers.cookie;
  if (!header) return null;
  return parseCookie(header)[name] ?? null;
}

/** HttpOnly, SameSite=Lax, whole site; Secure whenever the service is served over https. */
export function cookieOptions(config: AppConfig) {
  return {
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: config.publicBaseUrl.startsWith('https:'),
    path: '/',
  };
}

/** A session cookie (no Max-Age): the browser drops it on close, Redis ends it when idle. */
export function setCookie(res: Response, config: AppConfig, name: string, value: string): void {
  res.cookie(name, value, cookieOptions(config));
}

export function clearCookie(res: Response, config: AppConfig, name: string): void {
  res.clearCookie(name, cookieOptions(config));
}
