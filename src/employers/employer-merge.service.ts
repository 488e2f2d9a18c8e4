import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { AuthUser } from '../auth/auth.decorators.js';
import { DomainError } from '../common/domain-error.js';
import { Employer } from './employer.entity.js';
import { mergeTags } from './employer-rules.js';
import type { EmployerResponse } from './employers.dto.js';
import { EmployersService, auditable } from './employers.service.js';

export interface MergeCounts {
  contactPersons: number;
  interactions: number;
  jobOffers: number;
  placements: number;
  surveyInvitations: number;
  surveyInvitationsDropped: number;
  eventParticipations: number;
  mergedEmployers: number;
}

const count = (result: unknown): number => {
  // TypeORM's query() returns [rows, affected] for UPDATE/DELETE on PostgreSQL.
  const affected = Array.isArray(result) ? result[1] : undefined;
  return typeof affected === 'number' ? affected : 0;
};

/** Moves everything attached to one employer onto another, in one transaction. */
@Injectable()
export class EmployerMergeService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly employers: EmployersService,
    private readonly audit: AuditService,
  ) {}

  async merge(sourceId: string, intoId: string, actor: AuthUser): Promise<EmployerResponse> {
    if (sourceId === intoId)
      throw DomainError.invalid('intoId', 'must be another employer than the one merged');
    return this.ds.transaction(async (m) => {
      const repo = m.getRepository(Employer);
      // Lock both rows in a fixed order so two crossed merges cannot deadlock.
      const locked = await repo
        .createQueryBuilder('e')
        .where('e.id IN (:...ids)', { ids: [sourceId, intoId] })
        .orderBy('e.id')
        .setLock('pessimistic_write')
        .getMany();
      const source = locked.find((e) => e.id === sourceId);
      const target = locked.find((e) => e.id === intoId);
      if (!source) throw DomainError.notFound('Employer');
      if (!target) throw DomainError.invalid('intoId', 'is not an existing employer');
      if (source.mergedIntoId)
        throw new DomainError('CONFLICT', 'This employer was already merged', {
          mergedIntoId: source.mergedIntoId,
        });
      if (target.mergedIntoId || target.status === 'archived')
        throw new DomainError('CONFLICT', 'Cannot merge into an archived employer');

      const sourceBefore = auditable(this.employers.respond(source));
      const targetBefore = auditable(this.employers.respond(target));
      const { counts, droppedResponses } = await this.moveAttachments(m, sourceId, intoId);

      // The target keeps its own values and fills its gaps from the source.
      if (!target.siret && source.siret) {
        // The SIRET is unique: free it on the source first.
        await m.query('UPDATE employers SET siret = NULL, siren = NULL WHERE id = $1', [sourceId]);
        target.siret = source.siret;
        target.siren = source.siren;
        source.siret = null;
        source.siren = null;
      }
      target.tradeName ??= source.tradeName;
      if (!target.nafCode && source.nafCode) {
        target.nafCode = source.nafCode;
        target.nafVersion = source.nafVersion;
      }
      target.headcountBand ??= source.headcountBand;
      if (!target.inseeCode && source.inseeCode) {
        target.street = source.street;
        target.postalCode = source.postalCode;
        target.inseeCode = source.inseeCode;
        target.city = source.city;
        target.epciCode = source.epciCode;
        target.epciName = source.epciName;
      }
      target.referentId ??= source.referentId;
      target.qpv ||= source.qpv;
      target.frr ||= source.frr;
      if (source.status === 'partner') target.status = 'partner';
      target.tags = mergeTags(target.tags, source.tags);
      if (source.notes)
        target.notes = target.notes ? `${target.notes}\n\n${source.notes}` : source.notes;
      await repo.save(target);
      await this.employers.recomputeLastInteraction(m, intoId);

      source.status = 'archived';
      source.mergedIntoId = intoId;
      await repo.save(source);
      await this.employers.recomputeLastInteraction(m, sourceId);

      const merged = await repo.findOneByOrFail({ id: intoId });
      const response = this.employers.respond(merged);
      await this.audit.record(m, {
        actorId: actor.id,
        action: 'merge',
        entity: 'employer',
        entityId: sourceId,
        before: sourceBefore,
        after: { ...auditable(this.employers.respond(source)), moved: counts, droppedResponses },
      });
      await this.audit.record(m, {
        actorId: actor.id,
        action: 'merge_into',
        entity: 'employer',
        entityId: intoId,
        before: targetBefore,
        after: { ...auditable(response), mergedFromId: sourceId, moved: counts },
      });
      return response;
    });
  }

  private async moveAttachments(
    m: EntityManager,
    from: string,
    to: string,
  ): Promise<{ counts: MergeCounts; droppedResponses: unknown[] }> {
    // One primary contact and one survey recipient per employer: the target's stay.
    await m.query(
      `UPDATE contact_persons SET is_primary = false
        WHERE employer_id = $1 AND is_primary
          AND EXISTS (SELECT 1 FROM contact_persons WHERE employer_id = $2 AND is_primary)`,
      [from, to],
    );
    await m.query(
      `UPDATE contact_persons SET survey_recipient = false
        WHERE employer_id = $1 AND survey_recipient
          AND EXISTS (SELECT 1 FROM contact_persons WHERE employer_id = $2 AND survey_recipient)`,
      [from, to],
    );
    const contactPersons = count(
      await m.query('UPDATE contact_persons SET employer_id = $2 WHERE employer_id = $1', [
        from,
        to,
      ]),
    );
    const interactions = count(
      await m.query('UPDATE interactions SET employer_id = $2 WHERE employer_id = $1', [from, to]),
    );
    const jobOffers = count(
      await m.query('UPDATE job_offers SET employer_id = $2 WHERE employer_id = $1', [from, to]),
    );
    const placements = count(
      await m.query('UPDATE placements SET employer_id = $2 WHERE employer_id = $1', [from, to]),
    );

    // One invitation per (campaign, employer). When both were invited to the same campaign the
    // target's invitation stays; an answer only the source gave moves onto it; the source's
    // invitation is then deleted (its answer, if the target answered too, is kept in the audit log).
    const clashes: {
      source_inv: string;
      target_inv: string;
      source_resp: string | null;
      target_resp: string | null;
    }[] = await m.query(
      `SELECT s.id AS source_inv, t.id AS target_inv, rs.id AS source_resp, rt.id AS target_resp
           FROM survey_invitations s
           JOIN survey_invitations t ON t.campaign_id = s.campaign_id AND t.employer_id = $2
           LEFT JOIN survey_responses rs ON rs.invitation_id = s.id
           LEFT JOIN survey_responses rt ON rt.invitation_id = t.id
          WHERE s.employer_id = $1`,
      [from, to],
    );
    const droppedResponses: unknown[] = [];
    for (const c of clashes) {
      if (c.source_resp && !c.target_resp) {
        await m.query('UPDATE survey_responses SET invitation_id = $2 WHERE id = $1', [
          c.source_resp,
          c.target_inv,
        ]);
        await m.query(
          `UPDATE survey_invitations t SET answered_at = s.answered_at
             FROM survey_invitations s WHERE t.id = $2 AND s.id = $1`,
          [c.source_inv, c.target_inv],
        );
      } else if (c.source_resp) {
        const [kept] = await m.query(
          `SELECT r.submitted_at AS "submittedAt",
                  (SELECT coalesce(jsonb_object_agg(question_key, value), '{}'::jsonb)
                     FROM survey_answers WHERE response_id = r.id) AS answers
             FROM survey_responses r WHERE r.id = $1`,
          [c.source_resp],
        );
        droppedResponses.push({ invitationId: c.source_inv, ...kept });
      }
      await m.query('DELETE FROM survey_invitations WHERE id = $1', [c.source_inv]);
    }
    const surveyInvitations = count(
      await m.query('UPDATE survey_invitations SET employer_id = $2 WHERE employer_id = $1', [
        from,
        to,
      ]),
    );

    // event_employers is keyed (event_id, employer_id): fold the source's offers into the target's
    // row when both took part in the same event.
    const eventRows: unknown[] = await m.query(
      `INSERT INTO event_employers (event_id, employer_id, job_offer_ids, created_at)
       SELECT event_id, $2, job_offer_ids, created_at FROM event_employers WHERE employer_id = $1
       ON CONFLICT (event_id, employer_id) DO UPDATE
         SET job_offer_ids = ARRAY(
           SELECT DISTINCT unnest(event_employers.job_offer_ids || EXCLUDED.job_offer_ids))
       RETURNING event_id`,
      [from, to],
    );
    const eventParticipations = eventRows.length;
    await m.query('DELETE FROM event_employers WHERE employer_id = $1', [from]);

    // Records merged into the source earlier now point at the final target.
    const mergedEmployers = count(
      await m.query('UPDATE employers SET merged_into_id = $2 WHERE merged_into_id = $1', [
        from,
        to,
      ]),
    );
    return {
      counts: {
        contactPersons,
        interactions,
        jobOffers,
        placements,
        surveyInvitations,
        surveyInvitationsDropped: clashes.length,
        eventParticipations,
        mergedEmployers,
      },
      droppedResponses,
    };
  }
}
