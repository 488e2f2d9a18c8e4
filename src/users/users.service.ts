import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuthUser } from '../auth/auth.decorators.js';
import { assertStrongPassword } from '../auth/password-policy.js';
import { hashPassword } from '../auth/passwords.js';
import { isUniqueViolation } from '../common/db-errors.js';
import { DomainError } from '../common/domain-error.js';
import { decodeCursor, toPage, type Page } from '../common/pagination.js';
import type { Role } from '../common/vocabulary.js';
import { AuditService } from '../audit/audit.service.js';
import { CalendarService } from '../follow-ups/calendar.service.js';
import { User } from './user.entity.js';
import {
  toUserResponse,
  type CreateUserDto,
  type UpdateUserDto,
  type UserResponse,
} from './users.dto.js';

const FIND_ACTIVE_SQL = `SELECT id, email, display_name AS "displayName", role,
  tokens_valid_after AS "tokensValidAfter" FROM users WHERE id = $1 AND active LIMIT 1`;

@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly audit: AuditService,
    private readonly calendar: CalendarService,
  ) {}

  /** An active user with the instant before which their tokens and sessions are refused. */
  async findActive(id: string): Promise<(AuthUser & Pick<User, 'tokensValidAfter'>) | null> {
    // Every authenticated request and page runs this (deactivation ends sessions at once, ADR
    // 1501): one fixed statement on the primary, without building it through TypeORM's query
    // builder and entity transformer each time, which cost more CPU than the read itself.
    const rows: (AuthUser & Pick<User, 'tokensValidAfter'>)[] = await this.ds.query(
      FIND_ACTIVE_SQL,
      [id],
    );
    return rows[0] ?? null;
  }

  findForLogin(email: string): Promise<User | null> {
    return this.ds
      .getRepository(User)
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('lower(u.email) = lower(:email)', { email })
      .getOne();
  }

  async list(limit: number, cursor: string | undefined): Promise<Page<UserResponse>> {
    const after = decodeCursor(cursor, 2);
    const qb = this.ds
      .getRepository(User)
      .createQueryBuilder('u')
      .orderBy('u.createdAt', 'ASC')
      .addOrderBy('u.id', 'ASC')
      .limit(limit + 1);
    if (after) qb.where('(u.created_at, u.id) > (:at, :id)', { at: after[0], id: after[1] });
    const rows = await qb.getMany();
    return toPage(rows, limit, (u) => [u.createdAt.toISOString(), u.id], toUserResponse);
  }

  async create(
    dto: CreateUserDto,
    actorId: string | null,
    em?: EntityManager,
  ): Promise<UserResponse> {
    assertStrongPassword(dto.password, [dto.email, dto.displayName]);
    const passwordHash = await hashPassword(dto.password);
    const run = async (m: EntityManager) => {
      try {
        const user = await m.getRepository(User).save(
          m.getRepository(User).create({
            email: dto.email.trim(),
            displayName: dto.displayName.trim(),
            role: dto.role,
            active: true,
            passwordHash,
          }),
        );
        await this.audit.record(m, {
          actorId,
          action: 'create',
          entity: 'user',
          entityId: user.id,
          after: toUserResponse(user),
        });
        return toUserResponse(user);
      } catch (err) {
        if (isUniqueViolation(err))
          throw new DomainError('EMAIL_TAKEN', 'A user with this email already exists');
        throw err;
      }
    };
    return em ? run(em) : this.ds.transaction(run);
  }

  async update(id: string, dto: UpdateUserDto, actor: AuthUser): Promise<UserResponse> {
    return this.ds.transaction(async (m) => {
      const repo = m.getRepository(User);
      const user = await repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!user) throw DomainError.notFound('User');
      if (dto.version !== undefined && dto.version !== user.version) {
        throw new DomainError('STALE_VERSION', 'The user was changed by someone else; reload it', {
          currentVersion: user.version,
        });
      }
      if (user.id === actor.id && (dto.active === false || (dto.role && dto.role !== 'admin'))) {
        throw new DomainError('OWN_ACCOUNT_PROTECTED', 'You cannot deactivate or demote yourself');
      }
      const before = toUserResponse(user);
      if (dto.displayName !== undefined) user.displayName = dto.displayName.trim();
      if (dto.role !== undefined) user.role = dto.role;
      const fields: string[] = [];
      if (dto.password !== undefined) {
        assertStrongPassword(dto.password, [user.email, user.displayName]);
        user.passwordHash = await hashPassword(dto.password);
        fields.push('password');
      }
      // A password change, a deactivation and a reactivation end every token, web session and
      // calendar link issued before them (ADR 1420). Wall clock, as JWT `iat` and session starts.
      const revoke =
        dto.password !== undefined || (dto.active !== undefined && dto.active !== user.active);
      if (dto.active !== undefined) user.active = dto.active;
      if (revoke) {
        user.tokensValidAfter = new Date();
        await this.calendar.revoke(id, actor.id, m);
      }
      const saved = await repo.save(user);
      await this.audit.record(m, {
        actorId: actor.id,
        action: 'update',
        entity: 'user',
        entityId: id,
        before,
        after: toUserResponse(saved),
        changedSecrets: fields,
      });
      return toUserResponse(saved);
    });
  }

  count(): Promise<number> {
    return this.ds.getRepository(User).count();
  }

  /** Creates a user unless one with the email exists; returns whether it did. Used at first start. */
  async ensure(email: string, displayName: string, role: Role, password: string): Promise<boolean> {
    return this.ds.transaction(async (m) => {
      // Serialise concurrent replicas booting on an empty database.
      await m.query('SELECT pg_advisory_xact_lock(727274002)');
      const exists = await m
        .getRepository(User)
        .createQueryBuilder('u')
        .where('lower(u.email) = lower(:email)', { email })
        .getExists();
      if (exists) return false;
      await this.create({ email, displayName, role, password }, null, m);
      return true;
    });
  }
}
