/** `text` with the section between two markers replaced by `content` (the markers stay). */
export function withTable(text: string, begin: string, end: string, content: string): string {
  const b = text.indexOf(begin);
  const e = text.indexOf(end);
  if (b < 0 || e < b) throw new Error(`no ${begin} ... ${end} markers`);
  return `${text.slice(0, b + begin.length)}\n${content}\n${text.slice(e)}`;
}
