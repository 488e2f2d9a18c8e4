import type { Provider, Type } from '@nestjs/common';

/**
 * Jobs whose work belongs to another domain module are run through a hook: a function that
 * module's service provides, keyed by job name. The jobs module schedules them, runs them on its
 * workers and exposes them to the `npm run jobs` command; it never reaches into their tables.
 *
 * Wiring (done once, where the modules are assembled), e.g.:
 *
 *   HOOK_MODULES.push(JobOffersModule, SurveysModule);
 *   HOOK_PROVIDERS.push({
 *     provide: JOB_HOOKS,
 *     inject: [JobOffersService, SurveysService],
 *     useFactory: (offers: JobOffersService, surveys: SurveysService): JobHooks => ({
 *       'offer-expiry': () => offers.expireOverdue(),
 *       'survey-yearly': () => surveys.launchYearly(),
 *     }),
 *   });
 *
 * A scheduled hook job is registered only when its hook is wired; the command line fails with
 * exit code 1 naming the missing hook.
 */
export const JOB_HOOKS = Symbol('JOB_HOOKS');

/** Receives the job's data (ids only) and returns a small JSON-able summary. */
export type JobHook = (data: Record<string, unknown>) => Promise<unknown>;
export type JobHooks = Partial<Record<string, JobHook>>;

/** Modules the hook providers need (their services are injected into the factory). */
export const HOOK_MODULES: Type<unknown>[] = [];
/** The `JOB_HOOKS` provider; empty until the owning modules are wired. */
export const HOOK_PROVIDERS: Provider[] = [];
