import { Body, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { writeFile, unlink } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { h } from 'preact';
import { MinRole } from '../../auth/auth.decorators.js';
import { Clock, localDate } from '../../common/clock.js';
import { DomainError, type FieldError } from '../../common/domain-error.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { Inject } from '@nestjs/common';
import { EmployerImportJobsService } from '../../employers/employer-import-jobs.service.js';
import {
  EmployerImportService,
  type ImportReport,
} from '../../employers/employer-import.service.js';
import { importFailure } from '../components/import-job.js';
import { PageIdPipe } from '../page-id.pipe.js';
import { EMPLOYER_STATUSES, type EmployerStatus } from '../../employers/employer.entity.js';
import { XLSX_CONTENT_TYPE } from '../../employers/employer-xlsx.js';
import { fieldMessage } from '../messages.js';
import type { PageContext } from '../page-context.js';
import { redirectAfterPost, render } from '../render.js';
import { Ctx, WebController } from '../web-controller.js';
import { ImportExportPage, ImportJobPage, ImportReportPage } from './imports.pages.js';
import { PendingUploads } from './pending-uploads.js';
import type { UploadRequest } from './upload.middleware.js';

/** The import service reads from disk (streamed): a private temporary copy for one run. */
async function withTempFile<T>(content: Buffer, run: (path: string) => Promise<T>): Promise<T> {
  const path = join(tmpdir(), `crm-web-import-${randomBytes(8).toString('hex')}.csv`);
  await writeFile(path, content, { mode: 0o600 });
  try {
    return await run(path);
  } finally {
    await unlink(path).catch(() => undefined);
  }
}

/**
 * Above this size the confirmed import runs as a background job (ADR 1403) and the page follows
 * it, instead of holding the request for minutes: about 10,000 rows of a typical file.
 */
export const BACKGROUND_IMPORT_BYTES = 1024 * 1024;

/** Employer import (dry run, then confirm) and export, for managers. */
@MinRole('manager')
@WebController('import-export')
export class ImportsWebController {
  constructor(
    private readonly csv: EmployerImportService,
    private readonly importJobs: EmployerImportJobsService,
    private readonly pending: PendingUploads,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  page(@Ctx() ctx: PageContext, @Res() res: Response): void {
    render(res, h(ImportExportPage, { ctx }));
  }

  /** Step 1: the file is checked (nothing written) and kept for the confirmation. */
  @Post('employers')
  async check(@Ctx() ctx: PageContext, @Req() req: UploadRequest, @Res() res: Response) {
    const refuse = (message: string) =>
      render(res, h(ImportExportPage, { ctx, errors: { file: message } }), 400);
    if (req.uploadError === 'too_large')
      return refuse('Le fichier dépasse 20 Mo. Découpez-le, ou demandez un import par l’API.');
    const file = req.file;
    if (!file || req.uploadError || file.size === 0)
      return refuse('Choisissez un fichier d’entreprises (CSV ou Excel).');
    let report: ImportReport;
    try {
      report = await withTempFile(file.buffer, (path) =>
        this.csv.importFile(path, { dryRun: true }, ctx.user!),
      );
    } catch (err) {
      if (!(err instanceof DomainError) || err.code !== 'VALIDATION_FAILED') throw err;
      return refuse(fileProblem(err.errors));
    }
    const uploadId = await this.pending.keep(ctx.user!.id, file.originalname, file.buffer);
    render(res, h(ImportReportPage, { ctx, fileName: file.originalname, report, uploadId }));
  }

  /** Step 2: the same file, for real. A second confirmation finds nothing and says so. */
  @Post('employers/confirm')
  async confirm(
    @Ctx() ctx: PageContext,
    @Body() body: Record<string, unknown>,
    @Res() res: Response,
  ) {
    const id = typeof body?.uploadId === 'string' ? body.uploadId : '';
    const kept = await this.pending.get(ctx.user!.id, id);
    if (!kept || !(await this.pending.drop(id)))
      return render(
        res,
        h(ImportExportPage, {
          ctx,
          errors: {
            file: 'Ce fichier a déjà été importé, ou sa vérification date de plus de 30 minutes. Choisissez-le à nouveau.',
          },
        }),
        400,
      );
    if (kept.content.length > BACKGROUND_IMPORT_BYTES) {
      // The job takes the file over (moved into IMPORT_DIR): no temporary copy to delete here.
      const path = join(tmpdir(), `crm-web-import-${randomBytes(8).toString('hex')}.upload`);
      await writeFile(path, kept.content, { mode: 0o600 });
      const job = await this.importJobs.enqueue(path, { dryRun: false }, ctx.user!);
      return redirectAfterPost(res, `/import-export/imports/${job.id}`);
    }
    const report = await withTempFile(kept.content, (path) =>
      this.csv.importFile(path, { dryRun: false }, ctx.user!),
    );
    render(res, h(ImportReportPage, { ctx, fileName: kept.fileName, report }));
  }

  /**
   * A background import: its progress while it runs (the page's script refreshes it; without
   * JavaScript, the "Actualiser" link does), then its report. Only its author (or an admin).
   */
  @Get('imports/:id')
  async job(
    @Param('id', PageIdPipe) id: string,
    @Ctx() ctx: PageContext,
    @Res() res: Response,
  ): Promise<void> {
    const job = await this.importJobs.view(id, ctx.user!);
    render(res, h(ImportJobPage, { ctx, job, failure: importFailure(job.error, fileProblem) }));
  }

  /** The export (the API's CSV, which re-imports unchanged), optionally one status only. */
  @Get('employers.csv')
  async export(@Res() res: Response, @Query('status') status?: string): Promise<void> {
    const filter = exportFilter(status);
    this.attachment(res, 'text/csv; charset=utf-8', 'csv');
    await this.csv.exportCsv(filter, res);
  }

  /** The same export as an Excel workbook (same columns; it re-imports unchanged too). */
  @Get('employers.xlsx')
  async exportXlsx(@Res() res: Response, @Query('status') status?: string): Promise<void> {
    const filter = exportFilter(status);
    this.attachment(res, XLSX_CONTENT_TYPE, 'xlsx');
    await this.csv.exportXlsx(filter, res);
  }

  private attachment(res: Response, contentType: string, extension: string): void {
    const day = localDate(this.clock.now(), this.config.timeZone);
    res.status(200);
    res.setHeader('Content-Type', contentType);
    res.setHeader('Content-Disposition', `attachment; filename="employeurs-${day}.${extension}"`);
    res.setHeader('Cache-Control', 'no-store');
  }
}

/** The export's filter: all but archived employers, or one status. */
function exportFilter(status: string | undefined): { status?: EmployerStatus } {
  const chosen = typeof status === 'string' && status !== '' ? status : undefined;
  if (chosen !== undefined && !(EMPLOYER_STATUSES as readonly string[]).includes(chosen))
    throw DomainError.invalid('status', 'must be one of the employer statuses');
  return chosen ? { status: chosen as EmployerStatus } : {};
}

/** Why a whole file is refused (a bad header, not a CSV), in French. */
function fileProblem(errors: FieldError[]): string {
  const e = errors[0];
  if (!e) return 'Ce fichier ne peut pas être importé.';
  if (/^le fichier dépasse/.test(e.message))
    return `Le fichier${e.message.slice('le fichier'.length)}.`;
  if (/not a readable CSV|is empty/.test(e.message))
    return 'Ce fichier n’est ni un CSV ni un classeur Excel lisible (ou il est vide). Enregistrez-le au format CSV ou Excel (.xlsx) depuis votre tableur.';
  const all = errors.map((x) => `${x.field} : ${fieldMessage(x, x.field)}`).join(' ; ');
  return `La ligne d’en-tête ne convient pas. ${all}`;
}
