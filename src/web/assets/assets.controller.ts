import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../../auth/auth.decorators.js';
import { ASSETS } from './assets.js';

const BY_FILE = new Map(ASSETS.map((a) => [a.path.slice('/assets/'.length), a]));

/** The stylesheet and script of the staff pages; public (the login page needs them too). */
@ApiExcludeController()
@Public()
@Controller('assets')
export class AssetsController {
  @Get(':file')
  serve(@Param('file') file: string, @Res() res: Response): void {
    const found = BY_FILE.get(file);
    if (!found) {
      res.status(404).type('text/plain; charset=utf-8').send('Fichier introuvable');
      return;
    }
    res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
    res.type(found.type).send(found.body);
  }
}
