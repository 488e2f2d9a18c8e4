import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { passwordProblem } from '../auth/password-policy.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { UsersService } from './users.service.js';

/** The development first-admin credentials as a framed block that stands out in the logs. */
export function firstAdminBanner(email: string, password: string): string {
  const lines = [
    'First admin account created (development only: change its password)',
    `  e-mail:       ${email}`,
    `  mot de passe: ${password}`,
  ];
  const width = Math.max(...lines.map((l) => l.length)) + 4;
  const rule = `+${'-'.repeat(width - 2)}+`;
  return ['', rule, ...lines.map((l) => `| ${l.padEnd(width - 4)} |`), rule, ''].join('\n');
}

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
      // The same rules as every other password; said in one line at start rather than a 400.
      const problem = passwordProblem(this.config.adminPassword, [email, 'Administrateur']);
      if (problem) throw new Error(`ADMIN_PASSWORD is refused: ${problem}`);
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
    let password: string;
    do password = randomBytes(15).toString('base64url');
    while (passwordProblem(password, [email]));
    if (await this.users.ensure(email, 'Administrateur', 'admin', password)) {
      // Printed once, on purpose: this is how a newcomer gets in on a fresh development install.
      // On a terminal it is a framed block on stdout, so it is not lost among the start-up logs.
      if (process.stdout.isTTY) process.stdout.write(`${firstAdminBanner(email, password)}\n`);
      else
        this.logger.warn(
          `First admin created: ${email} / ${password} (development only; change it)`,
        );
    }
  }
}
