import { Get, Inject, Param, Post, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { unlink } from 'node:fs/promises';
import { h } from 'preact';
import { MinRole } from '../../auth/auth.decorators.js';
import { DomainError, type FieldError } from '../../common/domain-error.js';
import { PageIdPipe } from '../page-id.pipe.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { SireneImportJobsService } from '../../prospects/sirene-import-jobs.service.js';
import { checkSireneHeaders } from '../../prospects/sirene-import.service.js';
import type { FieldErrors } from '../components/form.js';
import { importFailure } from '../components/import-job.js';
import type { PageContext } from '../page-context.js';
import { redirectAfterPost, render } from '../render.js';
import { Ctx, WebController } from '../web-controller.js';
import { formatSize, SireneImportPage, SireneUploadPage } from './sirene.pages.js';
import {
  SIRENE_FILE_FIELDS,
  uploadedPaths,
  type SireneUploadRequest,
} from './sirene-upload.middleware.js';

const FILE_NAMES: Record<string, string> = {
  etablissements: 'Le fichier des établissements',
  unitesLegales: 'Le fichier des unités légales',
};
const EXPECTED: Record<string, string> = {
  etablissements: 'StockEtablissement',
  unitesLegales: 'StockUniteLegale',
};

/** Why a SIRENE file is refused, in French, under its form field (from the import's errors). */
export function sireneFileErrors(errors: FieldError[]): FieldErrors {
  const out: FieldErrors = {};
  for (const e of errors) {
    const name = FILE_NAMES[e.field];
    if (!name) continue;
    const missing = e.missingColumns ?? [];
    out[e.field] = missing.length
      ? `${name} ne convient pas : il y manque ${missing.length > 1 ? 'les colonnes' : 'la colonne'} ${missing.join(', ')}. Choisissez le fichier ${EXPECTED[e.field]} de l’Insee.`
      : `${name} est vide ou n’est pas un fichier CSV lisible. Décompressez l’archive .zip de l’Insee et choisissez le fichier .csv qu’elle contient.`;
  }
  return out;
}

/** Why a background SIRENE import's files were refused, in French (null: no words for it). */
function refusedFiles(errors: FieldError[]): string | null {
  return Object.values(sireneFileErrors(errors)).join(' ') || null;
}

/**
 * The manager's upload of INSEE's SIRENE stock files (ADR 1703): both files are streamed to disk
 * by SireneUploadMiddleware, their headers checked here (a wrong file is a 400, nothing queued),
 * then the CLI's import runs as a background job that the progress page follows.
 */
@MinRole('manager')
@WebController('prospects/sirene')
export class SireneWebController {
  constructor(
    private readonly jobs: SireneImportJobsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  page(@Ctx() ctx: PageContext, @Res() res: Response): void {
    render(res, h(SireneUploadPage, { ctx, maxBytes: this.config.sireneUploadMaxBytes }));
  }

  @Post()
  async upload(@Ctx() ctx: PageContext, @Req() req: SireneUploadRequest, @Res() res: Response) {
    const paths = uploadedPaths(req);
    let handedOver = false;
    const refuse = (errors: FieldErrors) =>
      render(
        res,
        h(SireneUploadPage, { ctx, maxBytes: this.config.sireneUploadMaxBytes, errors }),
        400,
      );
    try {
      if (req.sireneUploadError === 'too_large')
        return refuse({
          etablissements: `Un fichier dépasse ${formatSize(this.config.sireneUploadMaxBytes)}, la taille la plus grande acceptée ici. Demandez l’import par la commande npm run sirene.`,
        });
      const errors: FieldErrors = {};
      for (const f of SIRENE_FILE_FIELDS) {
        const file = req.files?.[f]?.[0];
        if (req.sireneUploadError || !file || file.size === 0)
          errors[f] = `Choisissez le fichier ${EXPECTED[f]} de l’Insee (CSV).`;
      }
      if (Object.keys(errors).length) return refuse(errors);
      const files = {
        etablissements: req.files!.etablissements![0]!.path,
        unitesLegales: req.files!.unitesLegales![0]!.path,
      };
      try {
        await checkSireneHeaders(files);
      } catch (err) {
        if (!(err instanceof DomainError) || err.code !== 'VALIDATION_FAILED') throw err;
        return refuse(sireneFileErrors(err.errors));
      }
      const job = await this.jobs.enqueue(files, ctx.user!);
      handedOver = true;
      return redirectAfterPost(res, `/prospects/sirene/imports/${job.id}`);
    } finally {
      if (!handedOver) for (const p of paths) await unlink(p).catch(() => undefined);
    }
  }

  /** An import's progress, then its report: its author's (or an admin's) to follow. */
  @Get('imports/:id')
  async job(
    @Param('id', PageIdPipe) id: string,
    @Ctx() ctx: PageContext,
    @Res() res: Response,
  ): Promise<void> {
    const job = await this.jobs.view(id, ctx.user!);
    render(res, h(SireneImportPage, { ctx, job, failure: importFailure(job.error, refusedFiles) }));
  }
}
