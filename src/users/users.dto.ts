import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { OptionalNotNull } from '../common/validation.js';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  MaxLength,
  MinLength,
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

  @ApiProperty({
    minLength: 12,
    description: 'at least 12 characters, not guessable (zxcvbn score ≥ 3): see docs/security.md',
  })
  @IsString()
  @MaxLength(200)
  password: string;
}

export class UpdateUserDto {
  @ApiPropertyOptional()
  @OptionalNotNull()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  displayName?: string;

  @ApiPropertyOptional({ enum: ROLES })
  @OptionalNotNull()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional()
  @OptionalNotNull()
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({
    minLength: 12,
    description: 'as on creation; changing it revokes the user’s tokens and sessions',
  })
  @OptionalNotNull()
  @IsString()
  @MaxLength(200)
  password?: string;

  @ApiPropertyOptional({ description: 'optimistic lock: the version you read' })
  @IsOptional()
  @IsInt()
  version?: number;
}
