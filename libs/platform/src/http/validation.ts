import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { ProblemException, type FieldProblem } from './problem';

const MAX_LISTED = 100;

function flatten(errors: readonly ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((e) => {
    const path = parent === '' ? e.property : /^\d+$/.test(e.property) ? `${parent}[${e.property}]` : `${parent}.${e.property}`;
    const own = Object.values(e.constraints ?? {}).map((message) => ({ path, message: message.replace(/^\S+ /, `${path} `) }));
    return [...own, ...flatten(e.children ?? [], path)];
  });
}

/**
 * Validates request DTOs (the same classes that document the API): unknown fields and wrong types
 * are a 400 listing every failing field (the first 100).
 */
export const validationPipe = (): ValidationPipe =>
  new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    stopAtFirstError: false,
    exceptionFactory: (errors) => {
      const all = flatten(errors);
      return new ProblemException(
        400,
        'validation_failed',
        `${all.length} field${all.length === 1 ? '' : 's'} failed validation: ${all[0]?.path ?? ''} ${all[0] ? `(${all[0].message})` : ''}`.trim(),
        all.slice(0, MAX_LISTED),
      );
    },
  });
