import { Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { mkdirSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import multer from 'multer';
import { hasRole } from '../../auth/auth.decorators.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { UsersService } from '../../users/users.service.js';
import { readCookie, SESSION_COOKIE } from '../session/cookies.js';
import { fromSameOrigin, presentedToken, sameToken } from '../session/csrf.js';
import { WebSessionStore } from '../session/session.store.js';

/** The form's two file fields. */
export const SIRENE_FILE_FIELDS = ['etablissements', 'unitesLegales'] as const;
export type SireneFileField = (typeof SIRENE_FILE_FIELDS)[number];

export interface SireneUpload {
  /** Where the file was streamed (in IMPORT_DIR), its size and its name as sent. */
  path: string;
  size: number;
  originalname: string;
}

/** What the middleware leaves on the request for the SIRENE upload controller. */
export type SireneUploadRequest = Request & {
  files?: Partial<Record<SireneFileField, SireneUpload[]>>;
  sireneUploadError?: 'too_large' | 'invalid' | 'refused';
};

/**
 * Parses the SIRENE upload form (multipart, ADR 1703) BEFORE the web session guard, so that the
 * guard finds `_csrf` in the body as on every other form. The files are streamed to disk in
 * IMPORT_DIR (the national files are gigabytes: never held in memory), but only once the request
 * has shown a live session of a manager or admin, the session's CSRF token (the `_csrf` field
 * comes first in the form) and a same-origin Origin: otherwise the files are skipped unread and
 * the guard answers as for any refused form. A refused upload is recorded, not thrown, so that
 * the page says why in French.
 */
@Injectable()
export class SireneUploadMiddleware implements NestMiddleware {
  private readonly upload: ReturnType<ReturnType<typeof multer>['fields']>;

  constructor(
    private readonly sessions: WebSessionStore,
    private readonly users: UsersService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    const dir = resolve(config.importDir);
    this.upload = multer({
      storage: multer.diskStorage({
        destination: (_req, _file, cb) => {
          try {
            mkdirSync(dir, { recursive: true, mode: 0o700 });
            cb(null, dir);
          } catch (err) {
            cb(err as Error, dir);
          }
        },
        filename: (_req, _file, cb) =>
          cb(null, `sirene-upload-${randomBytes(12).toString('hex')}.csv`),
      }),
      limits: { fileSize: config.sireneUploadMaxBytes, files: 2, fields: 5 },
      fileFilter: (req, file, cb) => {
        if (!(SIRENE_FILE_FIELDS as readonly string[]).includes(file.fieldname))
          return cb(null, false);
        this.allowed(req as SireneUploadRequest).then(
          (ok) => {
            if (!ok) (req as SireneUploadRequest).sireneUploadError = 'refused';
            cb(null, ok);
          },
          (err: Error) => cb(err),
        );
      },
    }).fields(SIRENE_FILE_FIELDS.map((name) => ({ name, maxCount: 1 })));
  }

  use(req: SireneUploadRequest, res: Response, next: NextFunction): void {
    this.upload(req, res, (err?: unknown) => {
      if (err) {
        // multer deletes the files it had written when it fails.
        const code = (err as { code?: string }).code;
        req.sireneUploadError = code === 'LIMIT_FILE_SIZE' ? 'too_large' : 'invalid';
        req.files = {};
      }
      next();
    });
  }

  /**
   * Whether a file may touch the disk: the guard's checks, done early (the guard still runs and
   * decides). Computed once per request.
   */
  private allowed(req: SireneUploadRequest & { sireneAllowed?: Promise<boolean> }) {
    req.sireneAllowed ??= (async () => {
      if (!fromSameOrigin(req, this.config.publicBaseUrl)) return false;
      const token = readCookie(req, SESSION_COOKIE);
      const found = token ? await this.sessions.touch(token) : null;
      if (!found || !sameToken(presentedToken(req), found.session.csrfToken)) return false;
      const user = await this.users.findActive(found.session.userId);
      return !!user && hasRole(user, 'manager');
    })();
    return req.sireneAllowed;
  }
}

/** The uploaded files' paths, to delete when the request does not hand them to a job. */
export function uploadedPaths(req: SireneUploadRequest): string[] {
  return SIRENE_FILE_FIELDS.flatMap((f) => (req.files?.[f] ?? []).map((u) => u.path));
}
