import {
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { unlink } from 'node:fs/promises';
import { finalize, type Observable } from 'rxjs';

/**
 * Deletes multer's temporary file once the request is over, whatever happened: a query that fails
 * validation never reaches the handler, and must not leave the upload on disk.
 */
@Injectable()
export class DeleteUploadInterceptor implements NestInterceptor {
  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = ctx.switchToHttp().getRequest<{ file?: { path?: string } }>();
    return next.handle().pipe(
      finalize(() => {
        if (req.file?.path) void unlink(req.file.path).catch(() => undefined);
      }),
    );
  }
}
