import * as fs from 'fs';
import * as path from 'path';

/*
 * The documentation holds together: the README stays short and links every page of docs/, and every
 * relative link in the README, docs/, bench/README.md and the CHANGELOG points to a file that exists
 * and, for a Markdown file, to a heading it has (anchors as GitHub makes them from headings).
 */

const root = path.join(__dirname, '..');
const pages = fs
  .readdirSync(path.join(root, 'docs'))
  .filter((f) => f.endsWith('.md'))
  .sort()
  .map((f) => `docs/${f}`);
const files = ['README.md', 'CHANGELOG.md', 'bench/README.md', ...pages];
const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8');

/** The text outside fenced code blocks and inline code spans, where links are links. */
function prose(markdown: string): string {
  return markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[ \t]*$/gm, '').replace(/`[^`\n]*`/g, '');
}

/** Link targets of `[text](target)` in the prose. */
function links(markdown: string): string[] {
  return [...prose(markdown).matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((m) => m[1]);
}

/** The anchors GitHub gives a Markdown file's headings: lowercase, punctuation dropped, spaces as `-`. */
function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const result = new Set<string>();
  const withoutCode = markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[ \t]*$/gm, '');
  for (const [, heading] of withoutCode.matchAll(/^#{1,6}[ \t]+(.+?)[ \t#]*$/gm)) {
    const text = heading.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/<[^>]+>/g, '');
    const base = text
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    result.add(n === 0 ? base : `${base}-${n}`);
  }
  return result;
}

test('the slugs are those GitHub makes', () => {
  const made = anchors(
    [
      '# Develop cdk8s-batch',
      '## In-process fleet (`npm run bench`)',
      '### Jobs that survive re-applies',
      '## Mode × stack',
      '## Output',
      '## Output',
    ].join('\n')
  );
  expect([...made]).toEqual([
    'develop-cdk8s-batch',
    'in-process-fleet-npm-run-bench',
    'jobs-that-survive-re-applies',
    'mode--stack',
    'output',
    'output-1',
  ]);
});

test.each(files)('every relative link in %s resolves', (file) => {
  const broken: string[] = [];
  for (const link of links(read(file))) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(link)) continue; // https:, mailto:
    const [target, anchor] = link.split('#', 2);
    const resolved = target === '' ? file : path.posix.join(path.posix.dirname(file), target);
    if (!fs.existsSync(path.join(root, resolved))) {
      broken.push(`${link}: no file ${resolved}`);
    } else if (anchor !== undefined && resolved.endsWith('.md') && !anchors(read(resolved)).has(anchor)) {
      broken.push(`${link}: no heading #${anchor} in ${resolved}`);
    }
  }
  expect(broken).toEqual([]);
});

test('the README is at most 300 lines and links every page of docs/ and bench/README.md', () => {
  const readme = read('README.md');
  expect(readme.split('\n').length).toBeLessThanOrEqual(300);
  const targets = new Set(links(readme).map((l) => l.split('#')[0]));
  expect([...pages, 'bench/README.md'].filter((p) => !targets.has(p))).toEqual([]);
});

test('docs/README.md links every other page of docs/', () => {
  const targets = new Set(links(read('docs/README.md')).map((l) => `docs/${l.split('#')[0]}`));
  expect(pages.filter((p) => p !== 'docs/README.md' && !targets.has(p))).toEqual([]);
});
