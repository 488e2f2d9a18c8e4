import { ContactsModule } from '../contacts/contacts.module.js';
import { Module } from '@nestjs/common';
import { SurveyMailer } from './survey-mailer.js';
import { SurveyPublicController } from './survey-public.controller.js';
import { SurveyResponsesService } from './survey-responses.service.js';
import { SurveyResultsService } from './survey-results.service.js';
import { SurveysController } from './surveys.controller.js';
import { SurveysService } from './surveys.service.js';

/**
 * The annual employer survey. Its background work (`survey-yearly`, `survey-reminders`,
 * `survey-close`) is run by the jobs module through `surveyJobHooks()` (survey-jobs.ts).
 */
@Module({
  imports: [ContactsModule],
  controllers: [SurveysController, SurveyPublicController],
  providers: [SurveysService, SurveyResponsesService, SurveyResultsService, SurveyMailer],
  exports: [SurveysService, SurveyResponsesService],
})
export class SurveysModule {}
