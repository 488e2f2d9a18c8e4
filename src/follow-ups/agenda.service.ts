import { Inject, Injectable } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { addDays, Clock, daysBetween, localDate } from '../common/clock.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { WITH_WHOM, type WithWhom } from './follow-up.entity.js';

/** Days after today the agenda looks ahead ("the next 7 days"). */
export const AGENDA_DAYS_AHEAD = 7;

export class AgendaFollowUp {
  @ApiProperty() id: string;
  @ApiProperty() placementId: string;
  @ApiProperty() dueDate: string;
  @ApiProperty() stepKey: string;
  @ApiProperty({ enum: WITH_WHOM }) withWhom: WithWhom;
  @ApiProperty() employerId: string;
  @ApiProperty() employerName: string;
  @ApiProperty() youngPersonId: string;
  @ApiProperty() youngPersonName: string;
  @ApiProperty() atRisk: boolean;
  @ApiProperty({ description: 'days past the due date (0 unless overdue)' }) daysLate: number;
}

export class AgendaNextAction {
  @ApiProperty() interactionId: string;
  @ApiProperty() employerId: string;
  @ApiProperty() employerName: string;
  @ApiProperty() nextActionAt: string;
  @ApiProperty({ description: 'the local date of nextActionAt' }) dueDate: string;
  @ApiProperty({ nullable: true, type: String }) nextAction: string | null;
  @ApiProperty() daysLate: number;
}

export class AgendaResponse {
  @ApiProperty({ description: "today's date in the service time zone" }) date: string;
  @ApiProperty({ type: [AgendaFollowUp] }) overdue: AgendaFollowUp[];
  @ApiProperty({ type: [AgendaFollowUp] }) today: AgendaFollowUp[];
  @ApiProperty({ type: [AgendaFollowUp], description: 'due in the 7 days after today' })
  next7Days: AgendaFollowUp[];
  @ApiProperty({
    type: [AgendaNextAction],
    description: "the caller's interactions whose next action is due by the end of the 7 days",
  })
  nextActions: AgendaNextAction[];
}

interface FollowUpRow {
  id: string;
  placement_id: string;
  due_date: string;
  step_key: string;
  with_whom: WithWhom;
  employer_id: string;
  employer_name: string;
  young_person_id: string;
  young_person_name: string;
  at_risk: boolean;
}

interface NextActionRow {
  id: string;
  employer_id: string;
  employer_name: string;
  next_action_at: Date;
  due_date: string;
  next_action: string | null;
}

@Injectable()
export class AgendaService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** One read for the caller's day: planned follow-ups of their placements and next actions. */
  async forAdviser(adviserId: string): Promise<AgendaResponse> {
    const today = localDate(this.clock.now(), this.config.timeZone);
    const horizon = addDays(today, AGENDA_DAYS_AHEAD);
    const tz = this.config.timeZone;
    const [followUps, actions] = await Promise.all([
      this.ds.query<FollowUpRow[]>(
        `SELECT f.id, f.placement_id, to_char(f.due_date, 'YYYY-MM-DD') AS due_date, f.step_key,
                f.with_whom, p.employer_id, coalesce(e.trade_name, e.legal_name) AS employer_name,
                p.young_person_id, y.first_name || ' ' || y.last_name AS young_person_name,
                p.at_risk
           FROM follow_ups f
           JOIN placements p ON p.id = f.placement_id
           JOIN employers e ON e.id = p.employer_id
           JOIN young_people y ON y.id = p.young_person_id
          WHERE p.adviser_id = $1 AND f.status = 'planned' AND f.due_date <= $2
          ORDER BY f.due_date, f.id`,
        [adviserId, horizon],
      ),
      this.ds.query<NextActionRow[]>(
        `SELECT i.id, i.employer_id, coalesce(e.trade_name, e.legal_name) AS employer_name,
                i.next_action_at, to_char(i.next_action_at AT TIME ZONE $3, 'YYYY-MM-DD') AS due_date,
                i.next_action
           FROM interactions i
           JOIN employers e ON e.id = i.employer_id
          WHERE i.author_id = $1 AND i.next_action_at IS NOT NULL
            -- Due by the horizon's local date = before the next local midnight: a bound on
            -- interactions_next_action_idx (author, next action), not a filter on every row.
            AND i.next_action_at < (($2::date + 1)::timestamp AT TIME ZONE $3)
          ORDER BY i.next_action_at, i.id`,
        [adviserId, horizon, tz],
      ),
    ]);
    const item = (r: FollowUpRow): AgendaFollowUp => ({
      id: r.id,
      placementId: r.placement_id,
      dueDate: r.due_date,
      stepKey: r.step_key,
      withWhom: r.with_whom,
      employerId: r.employer_id,
      employerName: r.employer_name,
      youngPersonId: r.young_person_id,
      youngPersonName: r.young_person_name,
      atRisk: r.at_risk,
      daysLate: Math.max(0, daysBetween(r.due_date, today)),
    });
    return {
      date: today,
      overdue: followUps.filter((r) => r.due_date < today).map(item),
      today: followUps.filter((r) => r.due_date === today).map(item),
      next7Days: followUps.filter((r) => r.due_date > today).map(item),
      nextActions: actions.map((r) => ({
        interactionId: r.id,
        employerId: r.employer_id,
        employerName: r.employer_name,
        nextActionAt: new Date(r.next_action_at).toISOString(),
        dueDate: r.due_date,
        nextAction: r.next_action,
        daysLate: Math.max(0, daysBetween(r.due_date, today)),
      })),
    };
  }
}
