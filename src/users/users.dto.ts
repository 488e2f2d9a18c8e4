import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  MaxLength,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { ROLES, type Role } from '../common/vocabulary.js';
import type { User } from './user.entity.js';

export class UserResponse {
  @ApiProperty() id: string;
  @ApiProperty() email: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiProperty() active: boolean;
}

export function toUserResponse(
  u: Pick<User, 'id' | 'email' | 'displayName' | 'role' | 'active'>,
): UserResponse {
  return { id: u.id, email: u.email, displayName: u.displayName, role: u.role, active: u.active };
}

export class CreateUserDto {
  @ApiProperty()
  @IsEmail()
  @MaxLength(320)
  email: string;

  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  displayName: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role: Role;

  @ApiProperty({ minLength: 12 })
  @IsString()
  @MinLength(12)
  @MaxLength(200)
  password: string;
}

// Absent is fine, null is not: these columns are NOT NULL (a null role was a 500).
const NotNull = () => ValidateIf((_o: object, v: unknown) => v !== undefined);

export class UpdateUserDto {
  @ApiPropertyOptional()
  @NotNull()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  displayName?: string;

  @ApiPropertyOptional({ enum: ROLES })
  @NotNull()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional()
  @NotNull()
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({ minLength: 12 })
  @NotNull()
  @IsString()
  @MinLength(12)
  @MaxLength(200)
  password?: string;

  @ApiPropertyOptional({ description: 'optimistic lock: the version you read' })
  @IsOptional()
  @IsInt()
  version?: number;
}
