import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

export const MAX_VOID_REASON_CHARS = 1000;

export class VoidEventDto {
  @ApiProperty({ minLength: 1, maxLength: MAX_VOID_REASON_CHARS, example: 'duplicate import', description: 'why the event is corrected' })
  @IsString()
  @Length(1, MAX_VOID_REASON_CHARS)
  reason!: string;
}

export class VoidResultDto {
  @ApiProperty() eventId!: string;

  @ApiProperty({ enum: [true] }) voided!: true;

  @ApiProperty({
    type: Number,
    nullable: true,
    description:
      'the position of the event_voided (pass it as minPosition to read the corrected figures); the same for a repeated void; null while the broker is unreachable',
  })
  position!: number | null;
}
