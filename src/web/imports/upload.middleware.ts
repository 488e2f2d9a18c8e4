import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import multer from 'multer';

/** The largest file the import page takes; larger files go through the API (ADR 1576). */
export const WEB_IMPORT_MAX_BYTES = 20 * 1024 * 1024;

export interface UploadedFile {
  originalname: string;
  buffer: Buffer;
  size: number;
}

/** What the middleware leaves on the request for the import controller. */
export type UploadRequest = Request & {
  file?: UploadedFile;
  uploadError?: 'too_large' | 'invalid';
};

const upload = multer({
  storage: multer.memoryStorage(),
  limits: { fileSize: WEB_IMPORT_MAX_BYTES, files: 1, fields: 5 },
}).single('file');

/**
 * Parses the import form (multipart) BEFORE the web session guard, so that the guard finds the
 * `_csrf` field in the body as on every other form: guards run before interceptors, which is
 * where Nest's FileInterceptor would parse it. The file stays in memory; nothing touches disk
 * until the session and CSRF checks passed. A refused upload is recorded, not thrown, so that the
 * page says why in French.
 */
@Injectable()
export class UploadMiddleware implements NestMiddleware {
  use(req: UploadRequest, res: Response, next: NextFunction): void {
    upload(req, res, (err?: unknown) => {
      if (err) {
        const code = (err as { code?: string }).code;
        req.uploadError = code === 'LIMIT_FILE_SIZE' ? 'too_large' : 'invalid';
        req.file = undefined;
      }
      next();
    });
  }
}
