import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';

export const API_KEY_ROLES = ['reader', 'writer', 'admin'] as const;
export type ApiKeyRole = (typeof API_KEY_ROLES)[number];

/** POST /v1/groups/:groupId/api-keys */
export class CreateApiKeyDto {
  @ApiProperty({
    enum: API_KEY_ROLES,
    description: 'reader: GET; writer: + batch writes and deletes; admin: + keys, plan, usage, archival',
  })
  @IsIn(API_KEY_ROLES)
  role!: ApiKeyRole;
}

export class IssuedApiKeyDto {
  @ApiProperty({ description: 'key id, used to revoke it' })
  id!: string;

  @ApiProperty({ enum: API_KEY_ROLES })
  role!: ApiKeyRole;

  @ApiProperty({ description: 'the key itself: shown once, stored only as a hash', example: 'osk_3q2+7w…' })
  key!: string;
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
}

export class ApiKeyListDto {
  @ApiProperty({ type: [ApiKeyDto] })
  items!: ApiKeyDto[];
}
