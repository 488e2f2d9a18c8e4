import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { AuthUser } from '../auth/auth.decorators.js';
import { DomainError } from '../common/domain-error.js';
import { decodeCursor, toPage, type Page } from '../common/pagination.js';
import { SqlWhere } from '../employers/employer-sql.js';
import type { EmployerResponse } from '../employers/employers.dto.js';
import { EmployersService } from '../employers/employers.service.js';
import { nafSectionSql } from '../reference/naf.js';
import { normalizeSiret } from '../reference/siret.js';
import { Prospect } from './prospect.entity.js';
import {
  toProspectResponse,
  type ProspectListQuery,
  type ProspectResponse,
} from './prospects.dto.js';
import { ReadReplicas } from '../database/read-replicas.js';

// Shown as the employer's name when INSEE masks the entrepreneur's and there is no sign.
const UNNAMED = 'Établissement (nom non diffusible)';

@Injectable()
export class ProspectsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly reads: ReadReplicas,
    private readonly employers: EmployersService,
  ) {}

  /** Establishments of the register that are not employers yet, by SIRET. */
  async list(q: ProspectListQuery): Promise<Page<ProspectResponse>> {
    const w = new SqlWhere();
    w.and('NOT EXISTS (SELECT 1 FROM employers e WHERE e.siret = p.siret)');
    if (q.epci) w.and(`p.epci_code = ${w.param(q.epci)}`);
    if (q.inseeCode) w.and(`p.insee_code = ${w.param(q.inseeCode)}`);
    if (q.headcountBand) w.and(`p.headcount_band = ${w.param(q.headcountBand)}`);
    if (q.nafSection)
      w.and(`${nafSectionSql('p.naf_code', 'p.naf_version')} = ${w.param(q.nafSection)}`);
    const text = q.q?.trim();
    if (text) {
      const siret = normalizeSiret(text);
      if (/^\d{9,14}$/.test(siret)) w.and(`p.siret LIKE ${w.param(`${siret}%`)}`);
      else
        // Every word, in any order, in the name or the sign.
        for (const word of text.split(/\s+/))
          w.and(
            `f_normalize(coalesce(p.name, '') || ' ' || coalesce(p.trade_name, '')) LIKE '%' || f_normalize(${w.param(word)}) || '%'`,
          );
    }
    const after = decodeCursor(q.cursor, 1);
    if (after) w.and(`p.siret > ${w.param(String(after[0]))}`);
    const found = (await this.reads.query(
      `SELECT * FROM prospects p ${w.toString()} ORDER BY p.siret LIMIT ${q.limit + 1}`,
      w.params,
    )) as Record<string, unknown>[];
    const prospects = found.map((r) => this.ds.getRepository(Prospect).create(fromRow(r)));
    return toPage(prospects, q.limit, (p) => [p.siret], toProspectResponse);
  }

  /**
   * The values the register's filters can take today (for the web page's select lists): EPCIs,
   * communes and NAF section keys of the establishments not taken on yet.
   */
  async filterValues(): Promise<{
    epcis: { code: string; name: string }[];
    communes: { code: string; name: string }[];
    sections: string[];
  }> {
    const open = 'NOT EXISTS (SELECT 1 FROM employers e WHERE e.siret = p.siret)';
    const [epcis, communes, sections] = (await Promise.all([
      this.reads.query(
        `SELECT DISTINCT p.epci_code AS code, p.epci_name AS name FROM prospects p
          WHERE ${open} ORDER BY name, code`,
      ),
      this.reads.query(
        `SELECT DISTINCT p.insee_code AS code, coalesce(p.city, p.insee_code) AS name
           FROM prospects p WHERE ${open} ORDER BY name, code LIMIT 500`,
      ),
      this.reads.query(
        `SELECT DISTINCT ${nafSectionSql('p.naf_code', 'p.naf_version')} AS key FROM prospects p
          WHERE ${open} AND p.naf_code IS NOT NULL ORDER BY key`,
      ),
    ])) as [
      { code: string; name: string }[],
      { code: string; name: string }[],
      { key: string | null }[],
    ];
    return {
      epcis,
      communes,
      sections: sections.map((r) => r.key).filter((k): k is string => !!k),
    };
  }

  /** Creates the employer from the register, the adviser as referent; 409 once it exists. */
  async takeOn(siret: string, actor: AuthUser): Promise<EmployerResponse> {
    const p = await this.ds.getRepository(Prospect).findOneBy({ siret });
    if (!p) throw DomainError.notFound('Prospect');
    return this.employers.create(
      {
        siret: p.siret,
        legalName: p.name ?? p.tradeName ?? UNNAMED,
        tradeName: p.tradeName,
        nafCode: p.nafCode,
        nafVersion: p.nafCode ? p.nafVersion : null,
        headcountBand: p.headcountBand,
        address: {
          street: p.street,
          postalCode: p.postalCode,
          inseeCode: p.inseeCode,
          city: p.city,
        },
        referentId: actor.id,
        source: 'outreach',
      },
      actor,
    );
  }
}

function fromRow(r: Record<string, unknown>): Partial<Prospect> {
  return {
    siret: r.siret as string,
    siren: r.siren as string,
    name: r.name as string | null,
    tradeName: r.trade_name as string | null,
    nafCode: r.naf_code as string | null,
    nafVersion: r.naf_version as Prospect['nafVersion'],
    headcountBand: r.headcount_band as string | null,
    street: r.street as string | null,
    postalCode: r.postal_code as string | null,
    inseeCode: r.insee_code as string,
    city: r.city as string | null,
    epciCode: r.epci_code as string,
    epciName: r.epci_name as string,
    createdOn: r.created_on as string | null,
    updatedAt: r.updated_at as Date,
  };
}
