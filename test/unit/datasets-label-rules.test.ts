import { describe, expect, it } from 'vitest';
import { countClasses, labeller } from '../../shared/label-rules';
import { evenSample } from '../../electron/core/datasets/summary';

describe('label rules', () => {
  it('reads the leading word of the file name, up to "_", "-", "." or a digit', () => {
    const label = labeller({ kind: 'leading-word' });
    expect(label('defective_0001.jpg')).toBe('defective');
    expect(label('deep/path/good_0828.jpg')).toBe('good');
    expect(label('scratch-12.png')).toBe('scratch');
    expect(label('dent7.png')).toBe('dent');
    expect(label('cat.jpg')).toBe('cat');
    expect(label('0001.jpg')).toBe('(unlabelled)');
    expect(label('_x.jpg')).toBe('(unlabelled)');
  });

  it('reads the parent folder with the folder rule; a file at the top of the dataset is unlabelled', () => {
    const label = labeller({ kind: 'folder' });
    expect(label('good/0001.jpg')).toBe('good');
    expect(label('train/defective/0001.jpg')).toBe('defective');
    expect(label('0001.jpg')).toBe('(unlabelled)');
  });

  it('takes the first capture group of a regex, the whole match without groups, and unlabelled when it does not match', () => {
    expect(labeller({ kind: 'regex', pattern: '^[a-z]+_(\\w+)\\.' })('img_cat.jpg')).toBe('cat');
    expect(labeller({ kind: 'regex', pattern: '(good|defective)' })('tyre-defective-3.jpg')).toBe('defective');
    expect(labeller({ kind: 'regex', pattern: '[A-Z]+' })('x-ABC-1.jpg')).toBe('ABC');
    expect(labeller({ kind: 'regex', pattern: '(good|defective)' })('other.jpg')).toBe('(unlabelled)');
  });

  it('counts classes most frequent first, ties by name', () => {
    const keys = ['defective_1.jpg', 'good_1.jpg', 'good_2.jpg', 'b_1.jpg', 'a_1.jpg', '0.jpg'];
    expect(countClasses(keys, { kind: 'leading-word' })).toEqual([
      { label: 'good', count: 2 },
      { label: '(unlabelled)', count: 1 },
      { label: 'a', count: 1 },
      { label: 'b', count: 1 },
      { label: 'defective', count: 1 },
    ]);
  });

  it('samples evenly across a list, not just its start', () => {
    const items = Array.from({ length: 100 }, (_, i) => i);
    expect(evenSample(items, 4)).toEqual([0, 25, 50, 75]);
    expect(evenSample([1, 2], 4)).toEqual([1, 2]);
  });
});
