import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import {
  HealthCheck,
  HealthCheckService,
  HealthIndicatorService,
  TypeOrmHealthIndicator,
  type HealthCheckResult,
} from '@nestjs/terminus';
import { Public } from '../auth/auth.decorators.js';
import { ReadReplicas } from '../database/read-replicas.js';
import { RedisPing } from './redis-ping.js';

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    private readonly redis: RedisPing,
    private readonly replicas: ReadReplicas,
  ) {}

  /** The process is up; says nothing about its dependencies. */
  @Get('live')
  @ApiOkResponse({
    schema: { type: 'object', required: ['status'], properties: { status: { enum: ['ok'] } } },
  })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /**
   * Ready to serve: PostgreSQL and Redis answer. 503 otherwise. With read replicas, each one's
   * state and replication lag is listed; a replica down makes the answer `degraded`, still 200:
   * its reads go to the primary (ADR 1610).
   */
  @Get('ready')
  @HealthCheck()
  ready(): Promise<HealthCheckResult> {
    return this.health.check([
      () => this.db.pingCheck('database').withTimeout(1500),
      () =>
        this.indicators
          .check('redis')
          .attempt(() => this.redis.ping())
          .withTimeout(1500),
      ...(this.replicas.replicaCount
        ? [
            async () => {
              const replicas = await this.replicas.status();
              const session = this.indicators.check('replicas');
              return replicas.every((r) => r.status === 'up')
                ? session.up({ replicas })
                : session.degraded({ replicas });
            },
          ]
        : []),
    ]);
  }
}
