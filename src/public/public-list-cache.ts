import { Injectable } from '@nestjs/common';
import { PublicResponseCache } from './public-http.js';

/** The process's cache of the public list and board responses (one per process, ADR 1601). */
@Injectable()
export class PublicListCache extends PublicResponseCache {}
