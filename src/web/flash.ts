import { Injectable } from '@nestjs/common';
import type { FlashKind } from './page-context.js';
import { WebSessionStore } from './session/session.store.js';
import type { WebRequest } from './web-request.js';

/** One-time messages for the next page of the session ("Embauche enregistrée."). */
@Injectable()
export class Flashes {
  constructor(private readonly sessions: WebSessionStore) {}

  async add(req: WebRequest, text: string, kind: FlashKind = 'success'): Promise<void> {
    const token = req.web?.token;
    if (token) await this.sessions.addFlash(token, { kind, text });
  }
}
