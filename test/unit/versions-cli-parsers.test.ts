import { describe, expect, it } from 'vitest';
import { clonesFromRows, parseCliTime, snapshotsFromRows } from '../../electron/core/ontap/cli-parsers/snapshots';
import { ontapTime } from '../../electron/lab/ssh-cli/values';
import { parseTable } from '../../electron/core/ontap/cli-parsers/table';

// Recorded from the lab's CLI (the same table layout as ONTAP 9.14's `-fields` output).
const SNAPSHOT_SHOW = `vserver volume snapshot                                          create-time              instance-uuid                        comment
------- ------ ------------------------------------------------- ------------------------ ------------------------------------ ---------------------------
svm1    vol1   wb-tyre-quality-synthetic-sample-20261122T101500Z Sun Nov 22 02:35:57 2026 6b0c7189-0780-44c1-9359-0e535c14195e Run tyre-resnet-7 (lr 0.01)
svm1    vol1   base                                              Sun Nov 22 02:35:58 2026 6187c136-4b42-47c9-8588-53bc5d94910e -
2 entries were displayed.
`;

const CLONE_SHOW = `vserver flexclone                parent-vserver parent-volume parent-snapshot                                   junction-path
------- ------------------------ -------------- ------------- ------------------------------------------------- -------------------------
svm1    experiment_clone_of_vol1 svm1           vol1          wb-tyre-quality-synthetic-sample-20261122T101500Z /experiment_clone_of_vol1
svm1    c2                       svm1           vol1          base                                              -
2 entries were displayed.
`;

describe('snapshot and clone output of the CLI', () => {
  it('reads snapshots with their comment (spaces included), uuid and time, oldest first', () => {
    const snapshots = snapshotsFromRows(parseTable(SNAPSHOT_SHOW)!.rows);
    expect(snapshots).toEqual([
      {
        uuid: '6b0c7189-0780-44c1-9359-0e535c14195e',
        name: 'wb-tyre-quality-synthetic-sample-20261122T101500Z',
        createTime: new Date(2026, 10, 22, 2, 35, 57).toISOString(),
        comment: 'Run tyre-resnet-7 (lr 0.01)',
      },
      {
        uuid: '6187c136-4b42-47c9-8588-53bc5d94910e',
        name: 'base',
        createTime: new Date(2026, 10, 22, 2, 35, 58).toISOString(),
        comment: '',
      },
    ]);
  });

  it('reads clones with their parent snapshot; "-" is no junction path', () => {
    expect(clonesFromRows(parseTable(CLONE_SHOW)!.rows)).toEqual([
      {
        svm: 'svm1',
        name: 'experiment_clone_of_vol1',
        junctionPath: '/experiment_clone_of_vol1',
        parentSvm: 'svm1',
        parentVolume: 'vol1',
        parentSnapshot: 'wb-tyre-quality-synthetic-sample-20261122T101500Z',
      },
      { svm: 'svm1', name: 'c2', junctionPath: null, parentSvm: 'svm1', parentVolume: 'vol1', parentSnapshot: 'base' },
    ]);
  });

  it('reads ONTAP times in the cluster’s time zone, across daylight saving, and falls back to this machine’s for an unknown zone', () => {
    expect(parseCliTime('Sun Nov 22 10:00:00 2026', 'Asia/Kolkata')).toBe('2026-11-22T04:30:00.000Z');
    expect(parseCliTime('Wed Jul 01 12:00:00 2026', 'America/New_York')).toBe('2026-07-01T16:00:00.000Z');
    expect(parseCliTime('Thu Jan 01 12:00:00 2026', 'America/New_York')).toBe('2026-01-01T17:00:00.000Z');
    expect(parseCliTime('Sun Mar 29 03:30:00 2026', 'Europe/Berlin')).toBe('2026-03-29T01:30:00.000Z');
    expect(parseCliTime('Jan 5 09:03:01 2026', 'UTC')).toBe('2026-01-05T09:03:01.000Z');
    expect(parseCliTime('Jan 5 09:03:01 2026', 'Mars/Olympus_Mons')).toBe(new Date(2026, 0, 5, 9, 3, 1).toISOString());
  });

  it('reads back every time the lab’s CLI prints, in any zone', () => {
    const zones = ['UTC', 'Asia/Kolkata', 'America/New_York', 'Australia/Lord_Howe', 'Pacific/Chatham', 'Europe/London'];
    // Every 37 hours through two years, across every daylight-saving change of these zones.
    for (let t = Date.UTC(2026, 0, 1); t < Date.UTC(2028, 0, 1); t += 37 * 3600_000 + 61_000) {
      const iso = new Date(t).toISOString();
      for (const zone of zones) {
        const printed = ontapTime(iso, zone);
        // The hour a clock is turned back shows twice; either reading is that wall time.
        const back = parseCliTime(printed, zone);
        expect(ontapTime(back, zone), `${iso} in ${zone}`).toBe(printed);
      }
    }
  });

  it('reads ONTAP times with or without the weekday, and nothing else', () => {
    expect(parseCliTime('Mon Jan 05 09:03:01 2026')).toBe(new Date(2026, 0, 5, 9, 3, 1).toISOString());
    expect(parseCliTime('Jan 5 09:03:01 2026')).toBe(new Date(2026, 0, 5, 9, 3, 1).toISOString());
    expect(parseCliTime('-')).toBe('');
    expect(parseCliTime('2026-01-05')).toBe('');
  });
});
