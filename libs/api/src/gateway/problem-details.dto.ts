import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class FieldProblemDto {
  @ApiProperty({ example: 'things[3].name' })
  path!: string;

  @ApiProperty({ example: 'name must not be empty' })
  message!: string;
}

/** RFC 9457 problem details, the body of every error (`application/problem+json`). */
export class ProblemDetailsDto {
  @ApiProperty({ example: 'https://onescale.dev/problems/not_found' })
  type!: string;

  @ApiProperty({ example: 'Not Found' })
  title!: string;

  @ApiProperty({ example: 404 })
  status!: number;

  @ApiProperty({ example: 'group 0190… not found' })
  detail!: string;

  @ApiProperty({ description: 'stable snake_case code', example: 'not_found' })
  code!: string;

  @ApiPropertyOptional({ example: '/v1/groups/0190…/metrics' })
  instance?: string;

  @ApiPropertyOptional({ type: [FieldProblemDto], description: 'the failing fields, for validation problems' })
  errors?: FieldProblemDto[];
}
