import { ApiProperty } from '@nestjs/swagger';

/** `_meta` of every metrics read: how fresh the read models it came from are. */
export class ReadMetaDto {
  @ApiProperty({ type: 'integer', nullable: true, description: 'last offset of the group’s partition applied to the read models' })
  position!: number | null;

  @ApiProperty({ type: 'integer', nullable: true, description: 'the Kafka partition of the group’s events' })
  partition!: number | null;

  @ApiProperty({ type: 'integer', nullable: true, description: 'records of that partition not applied yet' })
  lag!: number | null;
}
