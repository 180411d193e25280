import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { LabError } from '../../electron/lab/model/errors';
import { expandDottedKeys, parseJsonBody, validateBody } from '../../electron/lab/rest/body';

describe('dotted keys', () => {
  it('turns dotted keys into nested objects and merges them with nested ones', () => {
    expect(
      expandDottedKeys({
        name: 'v',
        'svm.name': 'svm1',
        nas: { path: '/v' },
        'nas.security_style': 'unix',
        'clone.parent_volume.name': 'vol1',
        aggregates: [{ name: 'aggr1' }],
      }),
    ).toEqual({
      name: 'v',
      svm: { name: 'svm1' },
      nas: { path: '/v', security_style: 'unix' },
      clone: { parent_volume: { name: 'vol1' } },
      aggregates: [{ name: 'aggr1' }],
    });
  });

  it('expands inside arrays too', () => {
    expect(expandDottedKeys({ statements: [{ 'a.b': 1 }] })).toEqual({ statements: [{ a: { b: 1 } }] });
  });

  it('refuses a field given twice, as a value and as an object', () => {
    expect(() => expandDottedKeys({ nas: 'x', 'nas.path': '/v' })).toThrow(/given twice/);
    expect(() => expandDottedKeys({ 'nas.path': '/a', nas: { path: '/b' } })).toThrow(/given twice/);
  });
});

describe('parseJsonBody', () => {
  it('reads an empty body as {} and refuses what is not a JSON object', () => {
    expect(parseJsonBody('')).toEqual({});
    expect(parseJsonBody('{"svm.name":"svm1"}')).toEqual({ svm: { name: 'svm1' } });
    for (const bad of ['{', '[1]', '"x"', 'null']) {
      const err = (() => {
        try {
          parseJsonBody(bad);
        } catch (e) {
          return e;
        }
      })();
      expect(err).toBeInstanceOf(LabError);
      expect((err as LabError).status).toBe(400);
    }
  });
});

describe('validateBody', () => {
  const schema = z.strictObject({
    name: z.string(),
    size: z.number().int().optional(),
    nas: z.strictObject({ path: z.string().optional() }).optional(),
    type: z.enum(['rw']).optional(),
  });
  const errorOf = (body: unknown) => {
    try {
      validateBody(schema, body);
    } catch (e) {
      return (e as LabError).toBody().error;
    }
    throw new Error('expected a refusal');
  };

  it('passes a good body through', () => {
    expect(validateBody(schema, { name: 'v', nas: { path: '/v' } })).toEqual({ name: 'v', nas: { path: '/v' } });
  });

  it('names an unknown field with ONTAP’s "Unexpected argument" and code 262179, nested too', () => {
    expect(errorOf({ name: 'v', xyz: 1 })).toEqual({ message: 'Unexpected argument "xyz".', code: '262179', target: 'xyz' });
    expect(errorOf({ name: 'v', nas: { colour: 'red' } })).toEqual({
      message: 'Unexpected argument "nas.colour".',
      code: '262179',
      target: 'nas.colour',
    });
  });

  it('says which field is missing or has a bad value', () => {
    expect(errorOf({})).toMatchObject({ target: 'name', message: 'Field "name" is required.' });
    expect(errorOf({ name: 'v', size: 'big' })).toMatchObject({
      target: 'size',
      message: '"big" is an invalid value for field "size" (<number>).',
    });
    expect(errorOf({ name: 'v', type: 'dp' })).toMatchObject({ target: 'type', message: expect.stringContaining('one of: rw') });
  });
});
