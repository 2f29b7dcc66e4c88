import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsObject, Max, Min, ValidateIf, ValidateNested } from 'class-validator';
import { Optional } from '../common/optional';

export const API_KEY_ROLES = ['reader', 'writer', 'admin'] as const;
export type ApiKeyRole = (typeof API_KEY_ROLES)[number];

/** Highest rates a key can be given: beyond them a limit limits nothing. */
export const MAX_RATE_PER_SECOND = 100_000;
export const MAX_RATE_PER_MINUTE = 6_000_000;

/** A key's request rate limit; either window may be left out (not limited). */
export class RateLimitDto {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_RATE_PER_SECOND, description: 'requests per UTC second' })
  @Optional()
  @IsInt()
  @Min(1)
  @Max(MAX_RATE_PER_SECOND)
  perSecond?: number;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_RATE_PER_MINUTE, description: 'requests per UTC minute' })
  @Optional()
  @IsInt()
  @Min(1)
  @Max(MAX_RATE_PER_MINUTE)
  perMinute?: number;
}

/** POST /v1/groups/:groupId/api-keys */
export class CreateApiKeyDto {
  @ApiProperty({
    enum: API_KEY_ROLES,
    description: 'reader: GET; writer: + batch writes and deletes; admin: + keys, plan, usage, archival',
  })
  @IsIn(API_KEY_ROLES)
  role!: ApiKeyRole;

  @ApiPropertyOptional({
    type: RateLimitDto,
    description: 'requests per second and/or minute this key may make, across every gateway process; over it → 429 rate_limited',
  })
  @Optional()
  @IsObject()
  @ValidateNested()
  @Type(() => RateLimitDto)
  rateLimit?: RateLimitDto;
}

/** PATCH /v1/groups/:groupId/api-keys/:keyId */
export class PatchApiKeyDto {
  @ApiProperty({ type: RateLimitDto, nullable: true, description: "the key's new rate limit; null removes it" })
  @ValidateIf((_object, value) => value !== null)
  @IsObject()
  @ValidateNested()
  @Type(() => RateLimitDto)
  rateLimit!: RateLimitDto | null;
}

export class IssuedApiKeyDto {
  @ApiProperty({ description: 'key id, used to revoke it' })
  id!: string;

  @ApiProperty({ enum: API_KEY_ROLES })
  role!: ApiKeyRole;

  @ApiProperty({ description: 'the key itself: shown once, stored only as a hash', example: 'osk_3q2+7w…' })
  key!: string;

  @ApiProperty({ type: RateLimitDto, nullable: true, description: 'null when the key has no rate limit' })
  rateLimit!: RateLimitDto | null;
}

export class ApiKeyDto {
  @ApiProperty()
  id!: string;

  @ApiProperty({ enum: API_KEY_ROLES })
  role!: ApiKeyRole;

  @ApiProperty({ description: 'the first characters of the key, to recognise it', example: 'osk_3q2+7wXa' })
  prefix!: string;

  @ApiProperty({ description: 'epoch ms' })
  createdAt!: number;

  @ApiProperty({ type: Number, nullable: true, description: 'epoch ms; null while the key is valid' })
  revokedAt!: number | null;

  @ApiProperty({ type: RateLimitDto, nullable: true, description: 'null when the key has no rate limit' })
  rateLimit!: RateLimitDto | null;
}

export class ApiKeyListDto {
  @ApiProperty({ type: [ApiKeyDto] })
  items!: ApiKeyDto[];
}
