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

/** One of Ma journée's lists: its first items and how many there are. */
export interface AgendaList<T> {
  items: T[];
  total: number;
}

/**
 * What Ma journée shows of the agenda: the follow-ups overdue and due today, and the next actions
 * due by today and in the 7 days after; each list cut to its first `limit` items (all of them
 * without a limit), with its total. The follow-ups of the next 7 days are not on the page.
 */
export interface DayAgenda {
  date: string;
  overdue: AgendaList<AgendaFollowUp>;
  today: AgendaList<AgendaFollowUp>;
  dueActions: AgendaList<AgendaNextAction>;
  laterActions: AgendaList<AgendaNextAction>;
}

type ListName = 'overdue' | 'today' | 'next7Days' | 'due' | 'later';

/** A row of either list: the columns of the other kind are null. */
interface AgendaRow {
  list: ListName;
  id: string;
  placement_id: string | null;
  due_date: string;
  step_key: string | null;
  with_whom: WithWhom | null;
  employer_id: string;
  employer_name: string;
  young_person_id: string | null;
  young_person_name: string | null;
  at_risk: boolean | null;
  /** ISO 8601 in UTC, as the API answers it (ordered as the instants are). */
  next_action_at: string | null;
  next_action: string | null;
  /** With a limit: how many rows the list has (a bigint, as text). */
  total: string | null;
}

/**
 * The agenda's two lists in one statement (one round trip; they used to be two statements on two
 * pooled connections). Parameters: $1 the adviser, $2 the last due date of the follow-ups read,
 * $3 the horizon of the next actions (a local date), $4 the time zone, $5 today, and with
 * `limited`, $6 how many rows of each list to name.
 *
 * With `limited`, each list is numbered and counted first and only its first $6 rows are joined
 * to the employer and young person names: Ma journée shows 20 items of a list, and a busy
 * adviser's next actions run to a few hundred (an action stays due until the interaction is
 * edited). Without it (the API), every row of the horizon is named, as before.
 */
function agendaSql(limited: boolean): string {
  const numbered = (order: string) =>
    limited
      ? `, row_number() OVER (PARTITION BY list ORDER BY ${order}) AS rn,
                 count(*) OVER (PARTITION BY list) AS total`
      : '';
  const total = limited ? 'x.total' : 'NULL::bigint';
  const firstRows = limited ? 'WHERE x.rn <= $6' : '';
  return `SELECT x.list, x.id, x.placement_id, to_char(x.due_date, 'YYYY-MM-DD') AS due_date,
       x.step_key, x.with_whom, x.employer_id, coalesce(e.trade_name, e.legal_name) AS employer_name,
       x.young_person_id, y.first_name || ' ' || y.last_name AS young_person_name, x.at_risk,
       NULL::text COLLATE "C" AS next_action_at, NULL::text AS next_action, ${total} AS total,
       x.due_date AS day
  FROM (SELECT f.*${numbered('f.due_date, f.id')}
          FROM (SELECT f.id, f.placement_id, f.due_date, f.step_key, f.with_whom, p.employer_id,
                       p.young_person_id, p.at_risk,
                       CASE WHEN f.due_date < $5::date THEN 'overdue'
                            WHEN f.due_date = $5::date THEN 'today' ELSE 'next7Days' END AS list
                  FROM placements p
                  JOIN follow_ups f ON f.placement_id = p.id
                 WHERE p.adviser_id = $1 AND f.status = 'planned' AND f.due_date <= $2::date) f) x
  JOIN employers e ON e.id = x.employer_id
  JOIN young_people y ON y.id = x.young_person_id
 ${firstRows}
UNION ALL
SELECT x.list, x.id, NULL, x.due_date, NULL, NULL, x.employer_id,
       coalesce(e.trade_name, e.legal_name), NULL, NULL, NULL,
       -- As the API writes it: no date parsed and written again in Node for each row.
       to_char(x.next_action_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') COLLATE "C", x.next_action,
       ${total}, NULL
  FROM (SELECT i.*${numbered('i.next_action_at, i.id')}
          FROM (SELECT i.id, i.employer_id, i.next_action_at, i.next_action,
                       to_char(i.next_action_at AT TIME ZONE $4, 'YYYY-MM-DD') AS due_date,
                       CASE WHEN i.next_action_at < (($5::date + 1)::timestamp AT TIME ZONE $4)
                            THEN 'due' ELSE 'later' END AS list
                  FROM interactions i
                 WHERE i.author_id = $1 AND i.next_action_at IS NOT NULL
                   -- Due by the horizon's local date = before the next local midnight: a bound on
                   -- the (author, next action) index, not a filter on every row.
                   AND i.next_action_at < (($3::date + 1)::timestamp AT TIME ZONE $4)) i) x
  JOIN employers e ON e.id = x.employer_id
 ${firstRows}
 ORDER BY day, next_action_at, id`;
}

const AGENDA_SQL = agendaSql(false);
const DAY_SQL = agendaSql(true);

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
    const rows = await this.ds.query<AgendaRow[]>(AGENDA_SQL, [
      adviserId,
      horizon,
      horizon,
      this.config.timeZone,
      today,
    ]);
    const lists = split(rows, today);
    return {
      date: today,
      overdue: lists.overdue.items,
      today: lists.today.items,
      next7Days: lists.next7Days.items,
      nextActions: [...lists.due.items, ...lists.later.items],
    };
  }

  /**
   * Ma journée: the follow-ups due by today and the next actions of the 7 days, the first `limit`
   * items of each list (every item when `limit` is null), with the totals. One statement.
   */
  async forDay(adviserId: string, limit: number | null): Promise<DayAgenda> {
    const today = localDate(this.clock.now(), this.config.timeZone);
    const horizon = addDays(today, AGENDA_DAYS_AHEAD);
    const params: unknown[] = [adviserId, today, horizon, this.config.timeZone, today];
    const rows = await this.ds.query<AgendaRow[]>(
      limit === null ? AGENDA_SQL : DAY_SQL,
      limit === null ? params : [...params, limit],
    );
    const lists = split(rows, today);
    return {
      date: today,
      overdue: lists.overdue,
      today: lists.today,
      dueActions: lists.due,
      laterActions: lists.later,
    };
  }
}

interface Lists {
  overdue: AgendaList<AgendaFollowUp>;
  today: AgendaList<AgendaFollowUp>;
  next7Days: AgendaList<AgendaFollowUp>;
  due: AgendaList<AgendaNextAction>;
  later: AgendaList<AgendaNextAction>;
}

/** The rows (in list order) into their lists; a list's total is its row count unless given. */
function split(rows: AgendaRow[], today: string): Lists {
  const empty = () => ({ items: [], total: 0 });
  const lists: Lists = {
    overdue: empty(),
    today: empty(),
    next7Days: empty(),
    due: empty(),
    later: empty(),
  };
  // Rows share due dates: each is computed once.
  const late = new Map<string, number>();
  const daysLate = (dueDate: string) => {
    let n = late.get(dueDate);
    if (n === undefined) late.set(dueDate, (n = Math.max(0, daysBetween(dueDate, today))));
    return n;
  };
  for (const r of rows) {
    const total = r.total === null ? null : Number(r.total);
    if (r.list === 'due' || r.list === 'later') {
      const list = lists[r.list];
      list.items.push({
        interactionId: r.id,
        employerId: r.employer_id,
        employerName: r.employer_name,
        nextActionAt: r.next_action_at!,
        dueDate: r.due_date,
        nextAction: r.next_action,
        daysLate: daysLate(r.due_date),
      });
      list.total = total ?? list.items.length;
    } else {
      const list = lists[r.list];
      list.items.push({
        id: r.id,
        placementId: r.placement_id!,
        dueDate: r.due_date,
        stepKey: r.step_key!,
        withWhom: r.with_whom!,
        employerId: r.employer_id,
        employerName: r.employer_name,
        youngPersonId: r.young_person_id!,
        youngPersonName: r.young_person_name!,
        atRisk: r.at_risk!,
        daysLate: daysLate(r.due_date),
      });
      list.total = total ?? list.items.length;
    }
  }
  return lists;
}
