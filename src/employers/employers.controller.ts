import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  Param,
  Patch,
  Post,
  Query,
  Res,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { ApiPageResponse } from '../common/api-page.js';
import { FileInterceptor } from '@nestjs/platform-express';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { tmpdir } from 'node:os';
import { CurrentUser, MinRole, type AuthUser } from '../auth/auth.decorators.js';
import { localDate, Clock } from '../common/clock.js';
import { DomainError } from '../common/domain-error.js';
import { PageQuery, type Page } from '../common/pagination.js';
import { UuidPipe } from '../common/uuid.pipe.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { DeleteUploadInterceptor } from './delete-upload.interceptor.js';
import { EmployerImportJobsService, type ImportJobView } from './employer-import-jobs.service.js';
import { EmployerImportService, type ImportReport } from './employer-import.service.js';
import { XLSX_CONTENT_TYPE } from './employer-xlsx.js';
import {
  EmployerTimelineService,
  TimelineItemResponse,
  type TimelineItem,
} from './employer-timeline.service.js';
import {
  CreateEmployerDto,
  EmployerExportQuery,
  EmployerListQuery,
  EmployerResponse,
  ImportAcceptedResponse,
  ImportReportResponse,
  ImportJobResponse,
  ImportQuery,
  UpdateEmployerDto,
} from './employers.dto.js';
import { EmployersService } from './employers.service.js';

/** The upload as multer's disk storage describes it. */
interface UploadedCsv {
  path: string;
  size: number;
}

export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;

@ApiTags('employers')
@ApiBearerAuth()
@Controller('api/v1/employers')
export class EmployersController {
  constructor(
    private readonly employers: EmployersService,
    private readonly timeline: EmployerTimelineService,
    private readonly csv: EmployerImportService,
    private readonly importJobs: EmployerImportJobsService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @ApiPageResponse(EmployerResponse)
  list(@Query() q: EmployerListQuery): Promise<Page<EmployerResponse>> {
    return this.employers.list(q);
  }

  @Post()
  @ApiCreatedResponse({ type: EmployerResponse })
  create(
    @Body() dto: CreateEmployerDto,
    @CurrentUser() actor: AuthUser,
  ): Promise<EmployerResponse> {
    return this.employers.create(dto, actor);
  }

  @Get('export')
  @MinRole('manager')
  @ApiOkResponse({
    description: 'The employers matching the filters, as CSV (default) or Excel (format=xlsx)',
    content: {
      'text/csv': { schema: { type: 'string' } },
      [XLSX_CONTENT_TYPE]: { schema: { type: 'string', format: 'binary' } },
    },
  })
  async export(@Query() q: EmployerExportQuery, @Res() res: Response): Promise<void> {
    const { limit: _l, cursor: _c, format = 'csv', ...filter } = q;
    const day = localDate(this.clock.now(), this.config.timeZone);
    res.status(200);
    res.setHeader('Cache-Control', 'no-store');
    if (format === 'xlsx') {
      res.setHeader('Content-Type', XLSX_CONTENT_TYPE);
      res.setHeader('Content-Disposition', `attachment; filename="employeurs-${day}.xlsx"`);
      return this.csv.exportXlsx(filter, res);
    }
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="employeurs-${day}.csv"`);
    await this.csv.exportCsv(filter, res);
  }

  @Post('import')
  @MinRole('manager')
  @HttpCode(200)
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } },
  })
  // Disk storage: the file is stream-parsed from disk, never held whole in memory.
  @UseInterceptors(
    FileInterceptor('file', { dest: tmpdir(), limits: { fileSize: MAX_IMPORT_BYTES, files: 1 } }),
    DeleteUploadInterceptor,
  )
  @ApiOperation({
    summary:
      'Import employers from a CSV or .xlsx file; async=true answers 202 and runs it as a background job',
  })
  @ApiOkResponse({ type: ImportReportResponse, description: 'the import ran; its report' })
  @ApiAcceptedResponse({
    type: ImportAcceptedResponse,
    description: 'async=true: queued; follow it at the Location header',
  })
  async import(
    @UploadedFile() file: UploadedCsv | undefined,
    @Query() q: ImportQuery,
    @CurrentUser() actor: AuthUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ImportReport | ImportAcceptedResponse> {
    if (!file)
      throw DomainError.invalid(
        'file',
        'a CSV or Excel (.xlsx) file is required (multipart field "file")',
      );
    if (q.async) {
      const accepted = await this.importJobs.enqueue(
        file.path,
        { dryRun: q.dryRun ?? false, atomic: q.atomic ?? false },
        actor,
      );
      res.status(202);
      res.setHeader('Location', `/api/v1/employers/imports/${accepted.id}`);
      return accepted;
    }
    return this.csv.importFile(
      file.path,
      { dryRun: q.dryRun ?? false, atomic: q.atomic ?? false },
      actor,
    );
  }

  @Get('imports/:id')
  @MinRole('manager')
  @ApiOperation({
    summary: 'Progress, then report, of a background import (its author or an admin)',
  })
  @ApiOkResponse({ type: ImportJobResponse })
  importStatus(
    @Param('id', UuidPipe) id: string,
    @CurrentUser() user: AuthUser,
  ): Promise<ImportJobView> {
    return this.importJobs.view(id, user);
  }

  @Get(':id')
  @ApiOkResponse({ type: EmployerResponse })
  get(@Param('id', UuidPipe) id: string): Promise<EmployerResponse> {
    return this.employers.get(id);
  }

  @Patch(':id')
  @ApiOkResponse({ type: EmployerResponse })
  update(
    @Param('id', UuidPipe) id: string,
    @Body() dto: UpdateEmployerDto,
    @CurrentUser() actor: AuthUser,
  ): Promise<EmployerResponse> {
    return this.employers.update(id, dto, actor);
  }

  @Delete(':id')
  @MinRole('manager')
  @ApiOkResponse({ type: EmployerResponse })
  archive(
    @Param('id', UuidPipe) id: string,
    @CurrentUser() actor: AuthUser,
  ): Promise<EmployerResponse> {
    return this.employers.archive(id, actor);
  }

  @Get(':id/timeline')
  @ApiPageResponse(TimelineItemResponse)
  getTimeline(
    @Param('id', UuidPipe) id: string,
    @Query() q: PageQuery,
  ): Promise<Page<TimelineItem>> {
    return this.timeline.timeline(id, q.limit, q.cursor);
  }
}
