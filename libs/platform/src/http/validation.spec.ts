import 'reflect-metadata';
import type { ArgumentMetadata } from '@nestjs/common';
import { IsArray, IsIn, IsObject, IsOptional } from 'class-validator';
import { validationPipe } from './validation';
import { ProblemException } from './problem';

class ItemsBody {
  static readonly itemList = 'items';

  @IsArray()
  items!: unknown[];

  @IsOptional()
  @IsIn(['draft', 'active'])
  status?: string;
}

class PlainBody {
  @IsObject()
  settings!: Record<string, unknown>;
}

const pipe = validationPipe();
const asBody = (metatype: ArgumentMetadata['metatype']): ArgumentMetadata => ({ type: 'body', metatype, data: undefined });
const parsed = (json: string): Record<string, unknown> => JSON.parse(json) as Record<string, unknown>;

async function problemOf(run: Promise<unknown>): Promise<ProblemException> {
  const error = await run.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ProblemException);
  return error as ProblemException;
}

describe('validationPipe', () => {
  it('hands a batch’s items over as parsed: the same objects, every key kept', async () => {
    const body = parsed(
      '{"items":[{"name":"a","constructor":1},{"properties":{"__proto__":{"x":1},"constructor":"Acme"}}],"status":"draft"}',
    );
    const items = body.items as Array<Record<string, unknown>>;

    const out = (await pipe.transform(body, asBody(ItemsBody))) as ItemsBody;

    expect(out).toBeInstanceOf(ItemsBody);
    expect(out.items).toBe(items);
    expect(out.status).toBe('draft');
    expect(Object.keys(items[0]!)).toEqual(['name', 'constructor']);
    expect(Object.keys(items[1]!.properties as object)).toEqual(['__proto__', 'constructor']);
    expect(Object.getPrototypeOf(items[1]!.properties)).toBe(Object.prototype);
  });

  it('still checks the rest of a batch body, and that its item list is an array', async () => {
    const unknown = await problemOf(pipe.transform(parsed('{"items":[],"extra":1}'), asBody(ItemsBody)));
    expect(unknown.getStatus()).toBe(400);
    expect(unknown.code).toBe('validation_failed');
    expect(unknown.errors).toEqual([{ path: 'extra', message: 'extra is not a known field' }]);

    const status = await problemOf(pipe.transform(parsed('{"items":[{}],"status":"gone"}'), asBody(ItemsBody)));
    expect(status.errors?.map((e) => e.path)).toEqual(['status']);

    const notArray = await problemOf(pipe.transform(parsed('{"items":{"0":{}}}'), asBody(ItemsBody)));
    expect(notArray.errors).toEqual([{ path: 'items', message: 'items must be an array' }]);
  });

  it('transforms any other body as before', async () => {
    const body = parsed('{"settings":{"a":{"b":1}}}');

    const out = (await pipe.transform(body, asBody(PlainBody))) as PlainBody;

    expect(out).toBeInstanceOf(PlainBody);
    expect(out.settings).toEqual({ a: { b: 1 } });
    expect(out.settings).not.toBe(body.settings);
  });

  it('leaves a query with an item-list name alone', async () => {
    const query = { items: ['x'] };

    await expect(pipe.transform(query, { type: 'query', metatype: ItemsBody, data: undefined })).resolves.toBeInstanceOf(ItemsBody);
  });
});
