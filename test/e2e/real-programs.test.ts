/**
 * Real programs, not test programs: a compressor, multithreaded compressors, GNU sort with
 * its temporary files, a shell loop and a five-process pipeline are each checkpointed
 * mid-run with --kill, restarted, and must finish with output byte-identical to an
 * uninterrupted run of the same command.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, expect, it } from '@jest/globals';
import { execa } from 'execa';
import { BIN, buildPrograms, describeEngine, killLeftovers, runTool, scratchDir, startRestart } from './harness.js';
import { expectNoStrays, killTracked, startTree, until } from './scope-harness.js';

const have = (tool: string): boolean =>
  (process.env['PATH'] ?? '/usr/bin:/bin').split(':').some((d) => d !== '' && existsSync(path.join(d, tool)));

interface Case {
  name: string;
  tools: string[];
  /** the command, reading the inputs in the scratch directory and writing to stdout */
  cmd: string;
  /** checkpoint once this much output exists (the run is well under way) */
  after: number;
}

const CASES: Case[] = [
  { name: 'gzip of random data', tools: ['gzip'], cmd: 'gzip -1 -c rand.bin', after: 4 << 20 },
  { name: 'xz with two threads', tools: ['xz'], cmd: 'xz -T2 -0 -c rand.bin', after: 4 << 20 },
  { name: 'zstd with two threads', tools: ['zstd'], cmd: 'zstd -q -T2 -12 -c text.txt', after: 64 << 10 },
  { name: 'GNU sort spilling to temporary files', tools: ['sort'], cmd: 'sort -S 4M -T . text.txt', after: 1 << 20 },
  { name: 'a shell loop', tools: ['bash', 'seq'], cmd: 'bash -c \'for i in $(seq 1 4000); do echo "n=$i"; sleep 0.0005; done\'', after: 2000 },
  { name: 'Python writing to an unlinked tempfile.TemporaryFile', tools: ['python3'], cmd: 'python3 ghost.py', after: 1 },
  { name: 'cat | gzip | gzip -d | sort | uniq -c', tools: ['gzip', 'sort', 'uniq'], cmd: 'cat text.txt text.txt | gzip -1 | gzip -d | sort -S 4M -T . | uniq -c', after: 1 },
];

function digest(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

describeEngine('e2e: real programs checkpointed mid-run finish byte-identical', () => {
  let dir = '';

  beforeAll(async () => {
    await buildPrograms();
    dir = scratchDir('real');
    writeFileSync(path.join(dir, 'rand.bin'), randomBytes(96 << 20));
    const lines: string[] = [];
    for (let i = 0; i < 1_200_000; i++) lines.push(`line ${(i * 7919) % 1_000_003} of ${i}`);
    writeFileSync(path.join(dir, 'text.txt'), `${lines.join('\n')}\n`);
    // an O_TMPFILE file, unlinked from birth: its contents must survive the restart
    writeFileSync(
      path.join(dir, 'ghost.py'),
      [
        'import hashlib, sys, tempfile, time',
        "t = tempfile.TemporaryFile(dir='.')",
        'h = hashlib.sha256()',
        'for i in range(150):',
        "    chunk = (f'{i:06d}' * 1000).encode()",
        '    t.write(chunk); h.update(chunk); t.flush()',
        "    print(i, flush=True) if i % 50 == 0 else None",
        '    time.sleep(0.01)',
        't.seek(0)',
        "print('ghost', 'intact' if hashlib.sha256(t.read()).hexdigest() == h.hexdigest() else 'CORRUPT', t.tell())",
      ].join('\n'),
    );
  }, 120_000);

  afterEach(async () => {
    killTracked();
    await killLeftovers();
  });

  for (const c of CASES) {
    const missing = c.tools.filter((t) => !have(t));
    (missing.length ? it.skip : it)(`${c.name}${missing.length ? ` [skipped: no ${missing.join(', ')}]` : ''}`, async () => {
      const tag = c.name.replace(/[^a-z0-9]+/gi, '-');
      const ref = path.join(dir, `${tag}.ref`);
      const out = path.join(dir, `${tag}.out`);
      const image = path.join(dir, `${tag}.ctx`);
      await execa('sh', ['-c', `${c.cmd} > "${ref}"`], { cwd: dir, stdin: 'ignore' });

      const tree = await startTree('sh', ['-c', `${c.cmd} > "${out}"`], { cwd: dir });
      await until(() => existsSync(out) && statSync(out).size >= c.after, () => `${c.name}: no output yet`, 60_000);
      expect(tree.reaper.running).toBe(true); // still mid-run: the checkpoint interrupts real work
      const ck = await runTool(BIN.checkpoint, ['--kill', '--nosync', '-f', image, String(tree.root)]);
      expect({ code: ck.exitCode, stderr: ck.stderr }).toEqual({ code: 0, stderr: '' });
      await tree.reaper.exited;
      expect(statSync(out).size).toBeLessThan(statSync(ref).size);

      const cr = startRestart(image);
      expect(await cr.exited).toEqual({ code: 0, signal: null });
      expect(digest(out)).toBe(digest(ref));
      await expectNoStrays([tree.root]);
    }, 180_000);
  }
});
