import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { Clock } from '../common/clock.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { seed } from './seed.js';

/** First start outside production: an empty database gets the demo dataset and demo accounts. */
@Injectable()
export class DemoSeed implements OnApplicationBootstrap {
  private readonly logger = new Logger('DemoSeed');

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (
      this.config.nodeEnv !== 'development' ||
      !this.config.seedDemoOnEmpty ||
      this.config.role === 'worker'
    )
      return;
    await this.ds.transaction(async (m) => {
      // One replica seeds; the others see employers and skip.
      await m.query('SELECT pg_advisory_xact_lock(727274003)');
      const [{ n }] = (await m.query('SELECT count(*)::int AS n FROM employers')) as {
        n: number;
      }[];
      if (n > 0) return;
      const result = await seed(m.connection, { scale: 'demo', seed: 1, now: this.clock.now() });
      this.logger.log(`demo data loaded: ${JSON.stringify(result.counts)}`);
      for (const a of result.accounts)
        this.logger.warn(`demo account (${a.role}): ${a.email} / ${a.password} (development only)`);
    });
  }
}
