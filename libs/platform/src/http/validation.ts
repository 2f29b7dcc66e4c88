import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { ProblemException, type FieldProblem } from './problem';

const MAX_LISTED = 100;

function flatten(errors: readonly ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((e) => {
    const path = parent === '' ? e.property : /^\d+$/.test(e.property) ? `${parent}[${e.property}]` : `${parent}.${e.property}`;
    const own = Object.values(e.constraints ?? {}).map((message) => ({ path, message: describe(path, e.property, message) }));
    return [...own, ...flatten(e.children ?? [], path)];
  });
}

/** class-validator says "name must be a string" or "property x should not exist"; name the full path. */
function describe(path: string, property: string, message: string): string {
  if (/^property \S+ should not exist$/.test(message)) return `${path} is not a known field`;
  return message.startsWith(`${property} `) ? `${path} ${message.slice(property.length + 1)}` : `${path}: ${message}`;
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
        `${all.length} field${all.length === 1 ? '' : 's'} failed validation; the first: ${all[0]?.message ?? 'unknown'}`,
        all.slice(0, MAX_LISTED),
      );
    },
  });
