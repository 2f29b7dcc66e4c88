import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsIn, IsInt, IsString, Length, Matches, Max, Min } from 'class-validator';
import { DELIVERY_STATUSES, ENDPOINT_STATUSES, NOTIFICATION_TYPES } from '@onescale/ontology';
import { Optional } from '../common/optional';
import { QueryInt } from '../common/query-int';

/** POST /v1/groups/:groupId/webhooks: register a notification endpoint (the URL is checked by the notifier). */
export class CreateWebhookDto {
  @ApiProperty({
    example: 'https://hooks.example.com/onescale',
    description: 'https://, or http:// to 127.0.0.1, localhost or [::1]; never a private or link-local address',
  })
  @IsString()
  @Length(1, 2048)
  url!: string;

  @ApiProperty({ enum: NOTIFICATION_TYPES, isArray: true, description: 'the notifications this endpoint receives' })
  @IsString({ each: true })
  @IsIn(NOTIFICATION_TYPES, { each: true, message: `each value in events must be one of: ${NOTIFICATION_TYPES.join(', ')}` })
  @ArrayMinSize(1)
  @ArrayMaxSize(NOTIFICATION_TYPES.length)
  events!: string[];

  @ApiPropertyOptional({ description: 'the HMAC-SHA256 signing secret (16-256 printable characters); generated when absent' })
  @Optional()
  @IsString()
  @Length(16, 256)
  @Matches(/^[\x21-\x7e]+$/, { message: 'secret must be printable ASCII without spaces' })
  secret?: string;
}

export class WebhookDto {
  @ApiProperty() id!: string;
  @ApiProperty() url!: string;
  @ApiProperty({ enum: NOTIFICATION_TYPES, isArray: true }) events!: string[];
  @ApiProperty({ enum: ENDPOINT_STATUSES, description: '`disabled` once its deliveries kept failing (no more attempts)' }) status!: string;
  @ApiProperty({ description: 'epoch ms' }) createdAt!: number;
  @ApiPropertyOptional({ description: 'epoch ms, when it was disabled' }) disabledAt?: number;
}

/** The answer to POST: the only time the secret is shown. */
export class CreatedWebhookDto extends WebhookDto {
  @ApiProperty({ description: 'the signing secret, shown once' }) secret!: string;
}

export class WebhookListDto {
  @ApiProperty({ type: [WebhookDto] }) items!: WebhookDto[];
}

export class DeliveryAttemptDto {
  @ApiProperty({ description: 'epoch ms' }) at!: number;
  @ApiProperty({ nullable: true, type: Number, description: "the endpoint's status code; null when no answer came" }) status!:
    number | null;
  @ApiPropertyOptional({ description: 'why no answer came (timeout, refused address, connection error)' }) error?: string;
  @ApiProperty({ description: 'milliseconds' }) durationMs!: number;
}

export class DeliveryDto {
  @ApiProperty({ description: 'stable for the notification and endpoint: the `id` of every body sent for it' }) id!: string;
  @ApiProperty({ enum: NOTIFICATION_TYPES }) type!: string;
  @ApiProperty() attempts!: number;
  @ApiProperty({ enum: DELIVERY_STATUSES }) status!: string;
  @ApiProperty({ nullable: true, type: Number }) lastResponseStatus!: number | null;
  @ApiProperty({ description: 'epoch ms' }) createdAt!: number;
  @ApiPropertyOptional({ description: 'epoch ms of the next attempt (pending only)' }) nextAttemptAt?: number;
  @ApiProperty({ type: [DeliveryAttemptDto], description: 'the latest attempts, oldest first' }) log!: DeliveryAttemptDto[];
}

export class DeliveriesPageDto {
  @ApiProperty({ type: [DeliveryDto] }) items!: DeliveryDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
  @ApiProperty() hasMore!: boolean;
}

/** GET …/webhooks/:id/deliveries: newest first. */
export class DeliveriesQueryDto {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 100, default: 50 })
  @Optional()
  @QueryInt()
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @Optional()
  @IsString()
  @Length(1, 200)
  cursor?: string;
}
