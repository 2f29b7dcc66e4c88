import { ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
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
 * A body class whose `itemList` property holds items the service validates one by one (a batch: a bad
 * item fails alone, SPEC §3). The pipe checks the rest of the body and that the list is an array, and
 * hands the items over as parsed.
 */
interface WithItemList {
  readonly itemList: string;
}

const itemListOf = (metatype: unknown): string | undefined => {
  const key = (metatype as Partial<WithItemList> | undefined)?.itemList;
  return typeof key === 'string' ? key : undefined;
};

/**
 * Validates request DTOs (the same classes that document the API): unknown fields and wrong types
 * are a 400 listing every failing field (the first 100). A batch's items are passed on as parsed, not
 * copied: a copy of 10,000 items takes tens of milliseconds, and the framework's copy drops every key
 * named `constructor`, `prototype` or `__proto__` at any depth, which the service instead refuses per
 * item (or keeps as data inside properties).
 */
class RequestValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const key = metadata.type === 'body' ? itemListOf(metadata.metatype) : undefined;
    if (key === undefined || typeof value !== 'object' || value === null || !Array.isArray((value as Record<string, unknown>)[key])) {
      return super.transform(value, metadata);
    }
    const items = (value as Record<string, unknown>)[key];
    const checked = (await super.transform({ ...value, [key]: [] }, metadata)) as Record<string, unknown>;
    checked[key] = items;
    return checked;
  }
}

export const validationPipe = (): ValidationPipe =>
  new RequestValidationPipe({
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
