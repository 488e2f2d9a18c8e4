import { createHash } from 'node:crypto';
import { SCRIPT } from './script.js';
import { STYLESHEET } from './stylesheet.js';

export interface Asset {
  /** Content-addressed path: a new version is a new URL, so browsers may keep each forever. */
  path: string;
  type: string;
  body: string;
}

function asset(name: string, ext: string, type: string, body: string): Asset {
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 12);
  return { path: `/assets/${name}-${hash}.${ext}`, type, body };
}

export const STYLESHEET_ASSET = asset('app', 'css', 'text/css; charset=utf-8', STYLESHEET);
export const SCRIPT_ASSET = asset('app', 'js', 'text/javascript; charset=utf-8', SCRIPT);
export const ASSETS: readonly Asset[] = [STYLESHEET_ASSET, SCRIPT_ASSET];
