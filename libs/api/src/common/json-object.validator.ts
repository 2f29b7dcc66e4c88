import { registerDecorator, type ValidationArguments, type ValidationOptions } from 'class-validator';
import { MAX_JSON_BYTES, validateJsonObject } from '@onescale/ontology';

/** A plain JSON object whose JSON text fits the 64 KiB limit (properties, metadata, settings). */
export function IsJsonObject(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isJsonObject',
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: {
        validate: (value: unknown) => validateJsonObject(value, String(propertyName)).ok,
        defaultMessage: (args?: ValidationArguments) => {
          const result = validateJsonObject(args?.value, args?.property ?? 'value');
          return result.ok ? '' : `${result.problem.message} (a JSON object of at most ${MAX_JSON_BYTES} bytes)`;
        },
      },
    });
}
