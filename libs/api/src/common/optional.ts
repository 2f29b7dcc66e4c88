import { ValidateIf } from 'class-validator';

/**
 * An optional field: absent is fine, but `null` or any other present value is validated like a given
 * one. (class-validator's IsOptional also lets `null` through, which would turn wrong types into
 * per-item errors instead of a 400.)
 */
export const Optional = (): PropertyDecorator => ValidateIf((_object, value) => value !== undefined);
