import { describe, expect, it } from 'vitest';
import { RecipeCatalog } from '../../electron/core/training/recipes';

const recipe = {
  id: 'tyre-quality',
  version: 1,
  title: 'Tyre quality',
  description: '',
  params: [
    { key: 'epochs', type: 'int' as const, default: 2, help: '' },
    { key: 'lr', type: 'float' as const, default: 0.001, help: '' },
    { key: 'pretrained', type: 'bool' as const, default: false, help: '' },
    { key: 'note', type: 'string' as const, default: '', help: '' },
  ],
};
const catalog = new RecipeCatalog({ resourcesDir: '/nonexistent', env: {} });

describe('checking a run’s recipe parameters before it is queued', () => {
  it('accepts values of the right type, and numbers typed as text in the form', () => {
    expect(catalog.checkParams(recipe, { epochs: '3', lr: '1e-4', pretrained: 'true', note: 7 })).toEqual({
      epochs: 3,
      lr: 0.0001,
      pretrained: true,
      note: '7',
    });
  });

  it('refuses an unknown parameter, naming the recipe’s parameters', () => {
    expect(() => catalog.checkParams(recipe, { epoch: 3 })).toThrow(
      expect.objectContaining({
        code: 'INVALID_INPUT',
        message: expect.stringContaining('params.epoch'),
        hint: expect.stringContaining('epochs, lr'),
      }),
    );
  });

  it('refuses a fractional epoch count and a non-number learning rate', () => {
    expect(() => catalog.checkParams(recipe, { epochs: 1.5 })).toThrow(/params.epochs: 1.5 is not a whole number/);
    expect(() => catalog.checkParams(recipe, { lr: 'fast' })).toThrow(/params.lr: "fast" is not a number/);
  });
});
