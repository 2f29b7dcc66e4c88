import { Transform } from 'class-transformer';

/** Query strings arrive as text: only plain digits become a number, anything else fails as not an integer. */
export const QueryInt = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' && /^\d{1,16}$/.test(value) ? Number(value) : value));
