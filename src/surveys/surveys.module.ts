import { Module } from '@nestjs/common';
import { SurveyMailer } from './survey-mailer.js';
import { SurveyPublicController } from './survey-public.controller.js';
import { SurveyResponsesService } from './survey-responses.service.js';
import { SurveyResultsService } from './survey-results.service.js';
import { SurveysController } from './surveys.controller.js';
import { SurveysService } from './surveys.service.js';

/**
 * The annual employer survey. Background entry points for the jobs module (issue 6 wires them):
 * `survey-reminders` → SurveysService.runDueReminders(), `survey-close` → closeDue(),
 * `survey-yearly` → ensureYearlyCampaign() (see docs/survey.md).
 */
@Module({
  controllers: [SurveysController, SurveyPublicController],
  providers: [SurveysService, SurveyResponsesService, SurveyResultsService, SurveyMailer],
  exports: [SurveysService, SurveyResponsesService],
})
export class SurveysModule {}
