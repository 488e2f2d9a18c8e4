import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { UsersService } from './users.service.js';

/** Creates the first admin when the users table is empty (first start). */
@Injectable()
export class FirstAdmin implements OnApplicationBootstrap {
  private readonly logger = new Logger('FirstAdmin');

  constructor(
    private readonly users: UsersService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.nodeEnv === 'test' || (await this.users.count()) > 0) return;
    const email = this.config.adminEmail ?? 'admin@example.org';
    if (this.config.adminPassword) {
      if (await this.users.ensure(email, 'Administrateur', 'admin', this.config.adminPassword)) {
        this.logger.log('First admin account created from ADMIN_EMAIL / ADMIN_PASSWORD');
      }
      return;
    }
    if (this.config.nodeEnv === 'production') {
      this.logger.warn(
        'No user exists and ADMIN_EMAIL / ADMIN_PASSWORD are unset: no admin was created',
      );
      return;
    }
    const password = randomBytes(12).toString('base64url');
    if (await this.users.ensure(email, 'Administrateur', 'admin', password)) {
      // Printed once, on purpose: this is how a newcomer gets in on a fresh development install.
      this.logger.warn(`First admin created: ${email} / ${password} (development only; change it)`);
    }
  }
}
