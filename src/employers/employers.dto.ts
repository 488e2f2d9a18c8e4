import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { OptionalNotNull } from '../common/validation.js';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { PageQuery } from '../common/pagination.js';
import { NAF_VERSIONS, type NafVersion } from '../reference/naf.js';
import { EMPLOYER_SOURCES, EMPLOYER_STATUSES, type Employer } from './employer.entity.js';
import type { EmployerSource, EmployerStatus } from './employer.entity.js';
import { HEADCOUNT_BANDS, MAX_TAGS, type EmployerInput } from './employer-rules.js';
import { NafSectionFilter } from '../common/naf-section-filter.js';

const EDITABLE_STATUSES = ['prospect', 'partner'] as const;

export class AddressDto {
  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  street?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: '25000' })
  @IsOptional()
  @Matches(/^\d{5}$/, { message: 'postalCode must be 5 digits' })
  postalCode?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: '25056',
    description: 'commune INSEE code',
  })
  @IsOptional()
  @Matches(/^(\d{5}|2[AB]\d{3})$/, { message: 'inseeCode must be a 5-character INSEE code' })
  inseeCode?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'ignored when inseeCode is known: the official name is used',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  city?: string | null;
}

class EmployerWritable {
  @ApiPropertyOptional({ type: String, nullable: true, example: '732 829 320 00074' })
  @IsOptional()
  @IsString()
  @MaxLength(30)
  siret?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  tradeName?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: '56.10A',
    description: 'a NAF rév. 2 (56.10A) or NAF 2025 (47.24Y) sub-class',
  })
  @IsOptional()
  @IsString()
  @MaxLength(10)
  nafCode?: string | null;

  @ApiPropertyOptional({
    nullable: true,
    enum: NAF_VERSIONS,
    description: 'the nomenclature of nafCode; default: the one the code belongs to',
  })
  @IsOptional()
  @IsIn(NAF_VERSIONS)
  nafVersion?: NafVersion | null;

  @ApiPropertyOptional({ nullable: true, enum: HEADCOUNT_BANDS })
  @IsOptional()
  @IsIn(HEADCOUNT_BANDS)
  headcountBand?: string | null;

  @ApiPropertyOptional({ type: AddressDto })
  @OptionalNotNull()
  @ValidateNested()
  @Type(() => AddressDto)
  address?: AddressDto;

  @ApiPropertyOptional()
  @OptionalNotNull()
  @IsBoolean()
  qpv?: boolean;

  @ApiPropertyOptional({ description: 'France Ruralités Revitalisation' })
  @OptionalNotNull()
  @IsBoolean()
  frr?: boolean;

  @ApiPropertyOptional({ enum: EDITABLE_STATUSES, description: 'archive with DELETE' })
  @OptionalNotNull()
  @IsIn(EDITABLE_STATUSES)
  status?: 'prospect' | 'partner';

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsUUID()
  referentId?: string | null;

  @ApiPropertyOptional({ enum: EMPLOYER_SOURCES })
  @OptionalNotNull()
  @IsIn(EMPLOYER_SOURCES)
  source?: EmployerSource;

  @ApiPropertyOptional({ type: [String] })
  @OptionalNotNull()
  @ArrayMaxSize(MAX_TAGS)
  @IsString({ each: true })
  @MaxLength(50, { each: true })
  tags?: string[];

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(10000)
  notes?: string | null;
}

export class CreateEmployerDto extends EmployerWritable {
  @ApiPropertyOptional({
    description: 'required unless the SIRET is in the prospect register, which then gives it',
  })
  @OptionalNotNull()
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  legalName?: string;
}

export class UpdateEmployerDto extends EmployerWritable {
  @ApiPropertyOptional()
  @OptionalNotNull()
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  legalName?: string;

  @ApiProperty({ description: 'optimistic lock: the version you read' })
  @IsInt()
  @Min(1)
  version: number;
}

export function toEmployerInput(dto: Partial<CreateEmployerDto>): EmployerInput {
  const a = dto.address;
  return {
    siret: dto.siret,
    legalName: dto.legalName,
    tradeName: dto.tradeName,
    nafCode: dto.nafCode,
    nafVersion: dto.nafVersion,
    headcountBand: dto.headcountBand,
    street: a?.street,
    postalCode: a?.postalCode,
    inseeCode: a?.inseeCode,
    city: a?.city,
    qpv: dto.qpv,
    frr: dto.frr,
    status: dto.status,
    referentId: dto.referentId,
    source: dto.source,
    tags: dto.tags,
    notes: dto.notes,
  };
}

const toBool = ({ value }: { value: unknown }) =>
  value === 'true' ? true : value === 'false' ? false : value;

export class EmployerListQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'name (accent-, case- and typo-tolerant) or SIRET/SIREN' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ enum: EMPLOYER_STATUSES, description: 'default: all but archived' })
  @IsOptional()
  @IsIn(EMPLOYER_STATUSES)
  status?: EmployerStatus;

  @ApiPropertyOptional({ example: '56.10A' })
  @IsOptional()
  @IsString()
  @MaxLength(10)
  nafCode?: string;

  @NafSectionFilter()
  nafSection?: string;

  @ApiPropertyOptional({ example: '25056' })
  @IsOptional()
  @IsString()
  @MaxLength(5)
  inseeCode?: string;

  @ApiPropertyOptional({ description: 'EPCI SIREN code', example: '242500361' })
  @IsOptional()
  @IsString()
  @MaxLength(9)
  epci?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  referentId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  dormant?: boolean;

  @ApiPropertyOptional({
    description: 'true: only employers whose establishment SIRENE reports closed',
  })
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  closed?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(50)
  tag?: string;
}

export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;

export class EmployerExportQuery extends EmployerListQuery {
  @ApiPropertyOptional({
    enum: EXPORT_FORMATS,
    default: 'csv',
    description: 'csv (UTF-8 with BOM, ";") or xlsx (an Excel workbook with the same columns)',
  })
  @IsOptional()
  @IsIn(EXPORT_FORMATS)
  format?: (typeof EXPORT_FORMATS)[number];
}

export class ImportQuery {
  @ApiPropertyOptional({ description: 'check and report without writing' })
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  dryRun?: boolean;

  @ApiPropertyOptional({
    description:
      'true: the whole file in one transaction, nothing written if any part fails; default: each batch of 500 rows commits on its own',
  })
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  atomic?: boolean;

  @ApiPropertyOptional({
    description:
      'true: answer 202 at once and run the import as a background job, followed at GET /employers/imports/:id',
  })
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  async?: boolean;
}

export class ImportAcceptedResponse {
  @ApiProperty() id: string;
  @ApiProperty({ enum: ['queued'] }) status: string;
}

class ImportTotalsResponse {
  @ApiProperty() created: number;
  @ApiProperty() updated: number;
  @ApiProperty() unchanged: number;
  @ApiProperty() rejected: number;
}

class ImportFieldErrorResponse {
  @ApiProperty() field: string;
  @ApiProperty() message: string;
}

class ImportRejectedRowResponse {
  @ApiProperty() line: number;
  @ApiProperty({ enum: ['rejected'] }) outcome: string;
  @ApiPropertyOptional({ nullable: true, type: String }) siret?: string | null;
  @ApiProperty({ type: [ImportFieldErrorResponse] }) errors: ImportFieldErrorResponse[];
}

class ImportErrorResponse {
  @ApiProperty() code: string;
  @ApiProperty() detail: string;
  @ApiPropertyOptional({ type: [ImportFieldErrorResponse] }) errors?: ImportFieldErrorResponse[];
}

/** The answer of a synchronous import (`ImportReport`). */
export class ImportReportResponse {
  @ApiProperty() dryRun: boolean;
  @ApiProperty({ enum: ['csv', 'xlsx'] }) format: string;
  @ApiProperty({ enum: ['utf-8', 'windows-1252'] }) encoding: string;
  @ApiProperty({ description: 'true: all or nothing; false: each batch commits' }) atomic: boolean;
  @ApiProperty({ type: ImportTotalsResponse }) totals: ImportTotalsResponse;
  @ApiProperty({ type: [ImportRejectedRowResponse], description: 'the first 100 rejected rows' })
  rows: ImportRejectedRowResponse[];
  @ApiProperty({ description: 'rejected rows beyond the first 100' }) rowsOmitted: number;
}

export class ImportJobResponse {
  @ApiProperty() id: string;
  @ApiProperty({ enum: ['queued', 'running', 'done', 'failed'] }) status: string;
  @ApiProperty({ enum: ['csv', 'xlsx'] }) format: string;
  @ApiProperty({ nullable: true, enum: ['utf-8', 'windows-1252'] }) encoding: string | null;
  @ApiProperty() dryRun: boolean;
  @ApiProperty() atomic: boolean;
  @ApiProperty({ nullable: true, type: Number, description: 'data rows in the file, once counted' })
  rowsTotal: number | null;
  @ApiProperty({ description: 'data rows processed so far' }) rowsRead: number;
  @ApiProperty({ type: ImportTotalsResponse }) totals: ImportTotalsResponse;
  @ApiProperty({ type: [ImportRejectedRowResponse], description: 'the first 100 rejected rows' })
  rows: ImportRejectedRowResponse[];
  @ApiProperty() rowsOmitted: number;
  @ApiProperty({ nullable: true, type: ImportErrorResponse }) error: ImportErrorResponse | null;
  @ApiProperty() createdAt: Date;
  @ApiProperty({ nullable: true, type: Date }) startedAt: Date | null;
  @ApiProperty({ nullable: true, type: Date }) finishedAt: Date | null;
}

export class MergeDto {
  @ApiProperty({ description: 'the employer that stays' })
  @IsUUID()
  intoId: string;
}

export class AddressResponse {
  @ApiProperty({ nullable: true, type: String }) street: string | null;
  @ApiProperty({ nullable: true, type: String }) postalCode: string | null;
  @ApiProperty({ nullable: true, type: String }) inseeCode: string | null;
  @ApiProperty({ nullable: true, type: String }) city: string | null;
}

export class EpciResponse {
  @ApiProperty() code: string;
  @ApiProperty() name: string;
}

export class WarningResponse {
  @ApiProperty({ example: 'LIKELY_DUPLICATE' }) code: string;
  @ApiProperty() message: string;
  @ApiProperty({ type: [String] }) employerIds: string[];
}

export class EmployerResponse {
  @ApiProperty() id: string;
  @ApiProperty({ nullable: true, type: String }) siret: string | null;
  @ApiProperty({ nullable: true, type: String }) siren: string | null;
  @ApiProperty() legalName: string;
  @ApiProperty({ nullable: true, type: String }) tradeName: string | null;
  @ApiProperty({ nullable: true, type: String }) nafCode: string | null;
  @ApiProperty({ nullable: true, enum: NAF_VERSIONS }) nafVersion: NafVersion | null;
  @ApiProperty({ nullable: true, type: String }) headcountBand: string | null;
  @ApiProperty({ type: AddressResponse }) address: AddressResponse;
  @ApiProperty({ nullable: true, type: EpciResponse }) epci: EpciResponse | null;
  @ApiProperty() qpv: boolean;
  @ApiProperty() frr: boolean;
  @ApiProperty({ enum: EMPLOYER_STATUSES }) status: EmployerStatus;
  @ApiProperty({ nullable: true, type: String }) referentId: string | null;
  @ApiProperty({ enum: EMPLOYER_SOURCES }) source: EmployerSource;
  @ApiProperty({ type: [String] }) tags: string[];
  @ApiProperty({ nullable: true, type: String }) notes: string | null;
  @ApiProperty({ nullable: true, type: String }) lastInteractionAt: string | null;
  @ApiProperty() dormant: boolean;
  @ApiProperty({ nullable: true, type: String }) closedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) mergedIntoId: string | null;
  @ApiProperty() version: number;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
  @ApiPropertyOptional({ type: [WarningResponse] }) warnings?: WarningResponse[];
}

/** The columns a response needs: lists select exactly these. */
export const EMPLOYER_COLUMNS = [
  'id',
  'siret',
  'siren',
  'legalName',
  'tradeName',
  'nafCode',
  'nafVersion',
  'headcountBand',
  'street',
  'postalCode',
  'inseeCode',
  'city',
  'epciCode',
  'epciName',
  'qpv',
  'frr',
  'status',
  'referentId',
  'source',
  'tags',
  'notes',
  'lastInteractionAt',
  'closedAt',
  'mergedIntoId',
  'version',
  'createdAt',
  'updatedAt',
] as const satisfies readonly (keyof Employer)[];

export type EmployerRow = Pick<Employer, (typeof EMPLOYER_COLUMNS)[number]>;

export function toEmployerResponse(e: EmployerRow, dormant: boolean): EmployerResponse {
  return {
    id: e.id,
    siret: e.siret,
    siren: e.siren,
    legalName: e.legalName,
    tradeName: e.tradeName,
    nafCode: e.nafCode,
    nafVersion: e.nafCode ? e.nafVersion : null,
    headcountBand: e.headcountBand,
    address: { street: e.street, postalCode: e.postalCode, inseeCode: e.inseeCode, city: e.city },
    epci: e.epciCode ? { code: e.epciCode, name: e.epciName ?? '' } : null,
    qpv: e.qpv,
    frr: e.frr,
    status: e.status,
    referentId: e.referentId,
    source: e.source,
    tags: e.tags,
    notes: e.notes,
    lastInteractionAt: e.lastInteractionAt ? e.lastInteractionAt.toISOString() : null,
    dormant,
    closedAt: e.closedAt ? e.closedAt.toISOString() : null,
    mergedIntoId: e.mergedIntoId,
    version: e.version,
    createdAt: e.createdAt.toISOString(),
    updatedAt: e.updatedAt.toISOString(),
  };
}
