import { describe, expect, it } from 'vitest';
import { CliError } from '../../electron/lab/ssh-cli/cli-error';
import { splitCommands, tokenize } from '../../electron/lab/ssh-cli/command-line';
import { CommandTree, missingRequired, type CommandSpec } from '../../electron/lab/ssh-cli/command-parser';
import { ALIASES, COMMANDS } from '../../electron/lab/ssh-cli/commands/command-list';

const tree = new CommandTree(COMMANDS, ALIASES);

/** The error message a typed line gets, or undefined when it parses. */
function failure(line: string): string | undefined {
  try {
    tree.parse(tokenize(line));
    return undefined;
  } catch (err) {
    expect(err).toBeInstanceOf(CliError);
    return (err as Error).message;
  }
}

describe('reading a typed line', () => {
  it('splits commands at semicolons outside quotes', () => {
    expect(splitCommands('set adv; volume show ;; version')).toEqual(['set adv', 'volume show', 'version']);
    expect(splitCommands('volume snapshot create -comment "a;b" -snapshot s')).toEqual([
      'volume snapshot create -comment "a;b" -snapshot s',
    ]);
  });

  it('splits words at whitespace and keeps quoted spaces, empty quotes and escaped quotes', () => {
    expect(tokenize('  vol   show\t-vserver svm1 ')).toEqual(['vol', 'show', '-vserver', 'svm1']);
    expect(tokenize('user create -comment "data team user" -user s3user')).toEqual([
      'user',
      'create',
      '-comment',
      'data team user',
      '-user',
      's3user',
    ]);
    expect(tokenize('policy -sid ""')).toEqual(['policy', '-sid', '']);
    expect(tokenize('x -comment "say \\"hi\\""')).toEqual(['x', '-comment', 'say "hi"']);
  });
});

describe('resolving commands', () => {
  it('completes unique prefixes of command words and remembers what was typed', () => {
    const parsed = tree.parse(tokenize('vol snap show'));
    expect(parsed.command.path).toEqual(['volume', 'snapshot', 'show']);
    expect(parsed.typed).toEqual(['vol', 'snap', 'show']);
    expect(tree.parse(tokenize('net int show')).command.path).toEqual(['network', 'interface', 'show']);
  });

  it('accepts ONTAP root shortcuts for vserver directories', () => {
    expect(tree.parse(tokenize('object-store-server user show')).command.path).toEqual([
      'vserver',
      'object-store-server',
      'user',
      'show',
    ]);
  });

  it('answers unknown, ambiguous and incomplete commands as errors', () => {
    expect(failure('foo')).toBe('"foo" is not a recognized command');
    expect(failure('volume frobnicate')).toBe('"frobnicate" is not a recognized command');
    expect(failure('v show')).toBe('Ambiguous command "v". Possible matches include:\n  version\n  volume\n  vserver');
    expect(failure('volume snapshot')).toMatch(/"volume snapshot" is a command directory/);
  });
});

describe('reading parameters', () => {
  it('completes listed values and takes the first positional of set as the privilege', () => {
    expect(tree.parse(tokenize('set adv')).args).toEqual({ privilege: 'advanced' });
    expect(tree.parse(tokenize('set d')).args).toEqual({ privilege: 'diagnostic' });
    expect(tree.parse(tokenize('set -priv adv -c off -rows 0')).args).toEqual({
      privilege: 'advanced',
      confirmations: 'off',
      rows: '0',
    });
  });

  it('takes the bucket name as the first positional of bucket create', () => {
    const parsed = tree.parse(
      tokenize('vserver object-store-server bucket create fsxn-ontap -vserver svm1 -type nas -nas-path /vol1'),
    );
    expect(parsed.args).toEqual({ bucket: 'fsxn-ontap', vserver: 'svm1', type: 'nas', 'nas-path': '/vol1' });
  });

  it('keeps -fields as the list typed, reads -instance as a switch and a lone "-" as a value', () => {
    expect(tree.parse(tokenize('volume show -fields size,junction-path -vserver svm1')).args).toEqual({
      fields: 'size,junction-path',
      vserver: 'svm1',
    });
    expect(tree.parse(tokenize('volume show -instance')).args).toEqual({ instance: 'true' });
    expect(tree.parse(tokenize('volume create -volume v -comment -')).args.comment).toBe('-');
  });

  it('refuses unknown and ambiguous parameters, bad values and missing values', () => {
    expect(failure('volume show -foo bar')).toBe('invalid argument "-foo"');
    expect(failure('set -s true')).toMatch(
      /^Ambiguous argument "-s"\. Possible matches include:\n {2}-showallfields\n {2}-showseparator/,
    );
    expect(failure('set -privilege boss')).toBe(
      '"boss" is an invalid value for field "-privilege" (<admin|advanced|diagnostic>)',
    );
    expect(failure('set -rows many')).toBe('"many" is an invalid value for field "-rows" (<integer>)');
    expect(failure('volume snapshot create -vserver')).toBe('Missing value for "-vserver"');
    expect(failure('version extra')).toBe('invalid argument "extra"');
  });

  it('names the required parameters left out', () => {
    const spec: CommandSpec = {
      path: ['x'],
      params: [{ name: 'vserver', required: true }, { name: 'volume', required: true }, { name: 'comment' }],
    };
    expect(missingRequired(spec, { volume: 'v' })).toEqual(['-vserver']);
    expect(missingRequired(spec, { vserver: 's', volume: 'v' })).toEqual([]);
  });
});
