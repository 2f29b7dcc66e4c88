import { Allow, IsIn, IsInt, IsString, Matches, Max, Min } from 'class-validator';
import { USAGE_METRICS, type ReserveRequest, type UsageMetric } from '@onescale/ontology';

/** Ids become field names in the counter document: no `.`, no `$`, bounded length. */
export const ID_PATTERN = /^[A-Za-z0-9_:-]{1,128}$/;
const ID_MESSAGE = { message: '$property must be 1-128 letters, digits, _, : or -' };

/** POST /internal/reservations (ingest, before it admits items). */
export class ReserveRequestDto implements ReserveRequest {
  @IsString()
  @Matches(ID_PATTERN, ID_MESSAGE)
  reservationId!: string;

  @IsString()
  @Matches(ID_PATTERN, ID_MESSAGE)
  groupId!: string;

  @IsString()
  @Matches(ID_PATTERN, ID_MESSAGE)
  rootGroupId!: string;

  /** Sent by ingest before plans became quota's own: accepted and ignored, the root's plan decides. */
  @Allow()
  plan?: unknown;

  @IsIn(USAGE_METRICS)
  metric!: UsageMetric;

  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  amount!: number;
}

/** DELETE /internal/reservations/:reservationId?rootGroupId&metric */
export class ReleaseQueryDto {
  @IsString()
  @Matches(ID_PATTERN, ID_MESSAGE)
  rootGroupId!: string;

  @IsIn(USAGE_METRICS)
  metric!: UsageMetric;
}
