import { describe, expect, it } from 'vitest';
import { methods, type MethodName } from '../../shared/contract';
import { describeIssues } from '../../electron/core/contract/dispatch';

/** The sentence a user would see for an input, or null when it is accepted. */
function refusal(method: MethodName, input: unknown): string | null {
  const parsed = methods[method].input.safeParse(input);
  return parsed.success ? null : describeIssues(method, parsed.error.issues);
}

const profile = { name: 'ONTAP', endpoint: 'http://10.0.0.5', accessKeyId: 'AK', secretAccessKey: 'SK' };

describe('datasets and browse input validation', () => {
  it('asks for consent before a plain-HTTP endpoint, and accepts it once given', () => {
    expect(refusal('s3profiles.add', profile)).toMatch(/allowHttp: this endpoint uses plain http:\/\/: tick "Allow HTTP"/);
    expect(refusal('s3profiles.add', { ...profile, allowHttp: true })).toBeNull();
    expect(refusal('s3profiles.add', { ...profile, endpoint: 'https://s3.example.com:8443' })).toBeNull();
  });

  it('names the missing or malformed profile fields', () => {
    expect(refusal('s3profiles.add', { ...profile, endpoint: '10.0.0.5', allowHttp: true })).toMatch(
      /endpoint: enter the endpoint as a URL/,
    );
    expect(refusal('s3profiles.add', { ...profile, accessKeyId: '', allowHttp: true })).toMatch(
      /accessKeyId: enter the access key id/,
    );
    expect(refusal('s3profiles.add', { ...profile, allowHttp: true, bucket: 'Bad_Bucket' })).toMatch(/bucket: use 3 to 63/);
  });

  it('keeps pages, thumbnails and prefixes in range', () => {
    const at = { sourceId: 's', bucket: 'b' };
    expect(refusal('browse.list', { ...at, maxKeys: 5000 })).toMatch(/maxKeys: maxKeys is 1 to 1000/);
    expect(refusal('browse.list', { ...at, prefix: 'dataset' })).toMatch(/prefix: a prefix is a folder and ends with "\/"/);
    expect(refusal('browse.thumbnail', { ...at, key: 'a.jpg', size: 32 })).toMatch(/size: a thumbnail is 64 to 512 pixels/);
    expect(methods['browse.list'].input.parse(at)).toMatchObject({ prefix: '', maxKeys: 1000 });
  });

  it('defaults the label rule to the leading word and checks a regex', () => {
    const input = { name: 'Tyres', sourceId: 's', bucket: 'b', prefix: 'dataset/tyre/' };
    expect(methods['datasets.register'].input.parse(input).labelRule).toEqual({ kind: 'leading-word' });
    expect(refusal('datasets.register', { ...input, labelRule: { kind: 'regex', pattern: '([a-z' } })).toMatch(
      /not a valid regular expression/,
    );
    expect(refusal('datasets.register', { ...input, labelRule: { kind: 'colour' } })).not.toBeNull();
  });
});
