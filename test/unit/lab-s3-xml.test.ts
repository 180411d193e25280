import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { S3Error } from '../../electron/lab/model/s3-errors';
import { decodeContinuationToken, encodeContinuationToken, urlEncodeKey } from '../../electron/lab/s3/bucket-ops';
import { children, childText, parseXml, renderError, renderXml } from '../../electron/lab/s3/xml';

const read = (xml: string) =>
  new XMLParser({ parseTagValue: false, ignoreAttributes: false }).parse(xml) as Record<string, unknown>;

describe('S3 XML bodies', () => {
  it('renders a listing with repeated elements, escaped keys and the S3 namespace', () => {
    const xml = renderXml('ListBucketResult', {
      Name: 'bucket1',
      Delimiter: undefined,
      IsTruncated: false,
      Contents: [
        { Key: 'a&b<c>.txt', ETag: '"abc"', Size: 3 },
        { Key: 'd', ETag: '"def"', Size: 0 },
      ],
      CommonPrefixes: [],
    });
    expect(
      xml.startsWith('<?xml version="1.0" encoding="UTF-8"?><ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">'),
    ).toBe(true);
    expect(xml).not.toContain('Delimiter');
    expect(xml).not.toContain('CommonPrefixes');
    const doc = read(xml).ListBucketResult as { Contents: { Key: string; ETag: string }[]; IsTruncated: string };
    expect(doc.Contents.map((c) => c.Key)).toEqual(['a&b<c>.txt', 'd']);
    expect(doc.Contents[0]?.ETag).toBe('"abc"');
    expect(doc.IsTruncated).toBe('false');
  });

  it('renders errors as <Error><Code/><Message/>…<Resource/><RequestId/></Error>', () => {
    const xml = renderError(
      new S3Error('NoSuchKey', 'The specified key does not exist.', 404, { Key: 'a' }),
      '/bucket1/a',
      'REQ1',
    );
    expect(xml).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message><Key>a</Key><Resource>/bucket1/a</Resource><RequestId>REQ1</RequestId></Error>',
    );
  });

  it('parses a Delete body without trimming keys, decoding entities', () => {
    const doc = parseXml(
      '<?xml version="1.0" encoding="UTF-8"?>\n<Delete xmlns="http://s3.amazonaws.com/doc/2006-03-01/">\n  <Quiet>true</Quiet>\n  <Object><Key> spaced &amp; odd&#13;</Key></Object>\n  <Object><Key>b</Key></Object>\n</Delete>',
      'Delete',
    );
    expect(childText(doc, 'Quiet')).toBe('true');
    expect(children(doc, 'Object').map((o) => childText(o, 'Key'))).toEqual([' spaced & odd\r', 'b']);
  });

  it('answers MalformedXML to a body that is not the expected document', () => {
    expect(() => parseXml('<Nope/>', 'Delete')).toThrow(expect.objectContaining({ code: 'MalformedXML' }));
    expect(() => parseXml('not xml at all', 'Delete')).toThrow(expect.objectContaining({ code: 'MalformedXML' }));
  });
});

describe('listing encodings', () => {
  it('round-trips continuation tokens and refuses forged ones', () => {
    for (const key of ['a', 'dir/', 'ünïcode/ key+1']) expect(decodeContinuationToken(encodeContinuationToken(key))).toBe(key);
    expect(() => decodeContinuationToken('not a token!')).toThrow(expect.objectContaining({ code: 'InvalidArgument' }));
  });

  it('url-encodes keys so that unquote_plus gives them back', () => {
    expect(urlEncodeKey('a b+c/d&e')).toBe('a%20b%2Bc/d%26e');
  });
});
